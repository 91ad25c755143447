"""Memory readings for the export benchmarks (Linux /proc; None where unavailable)."""
from __future__ import annotations

from pathlib import Path


def status_mb(field: str) -> float | None:
    """A field of /proc/self/status (e.g. VmRSS, VmHWM) in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM) to the current RSS, so the peak is the export's own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False
