"""Which phase a process is in on a given day, and what that allows (pure functions of loaded objects)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.processes.models import Phase, PhaseKind, Process


@dataclass(frozen=True)
class ProcessState:
    """Where a process stands on a given day.

    `status` is one of: "unscheduled" (no phases), "upcoming", "running" (a phase
    contains the day), "between" (a gap between phases), "finished".
    """

    status: str
    phase: Phase | None = None
    next_phase: Phase | None = None


def process_state(process: Process, day: date) -> ProcessState:
    """Compute the state of `process` on `day` from its (date-ordered) phases."""
    phases = sorted(process.phases, key=lambda phase: phase.starts_on)
    if not phases:
        return ProcessState("unscheduled")
    for index, phase in enumerate(phases):
        if phase.contains(day):
            following = phases[index + 1] if index + 1 < len(phases) else None
            return ProcessState("running", phase, following)
        if day < phase.starts_on:
            return ProcessState("upcoming" if index == 0 else "between", None, phase)
    return ProcessState("finished")


def current_phase_kind(process: Process, day: date) -> str | None:
    state = process_state(process, day)
    return state.phase.kind if state.phase else None


def is_participation_open(process: Process, day: date) -> bool:
    """Submitting, voting and commenting are open only in the participation phase."""
    return process.published and current_phase_kind(process, day) == PhaseKind.PARTICIPATION.value
