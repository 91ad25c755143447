"""Reading exported tables (CSV) with clear error messages.

All readers return :class:`pandas.DataFrame` objects with string columns and
raise :class:`~analysis.errors.AnalysisError` subclasses instead of pandas or
codec exceptions, so that the CLI can print one understandable sentence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from analysis.errors import InputFileError, MissingColumnError


def read_csv(path: str | Path, required: Sequence[str] = ()) -> pd.DataFrame:
    """Read a UTF-8 CSV file as strings and check that ``required`` columns exist.

    Empty cells become empty strings. A UTF-8 byte-order mark is accepted.
    Raises :class:`InputFileError` for missing, empty, non-UTF-8 or malformed
    files and :class:`MissingColumnError` for absent columns.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"The file {path} does not exist.")
    if path.stat().st_size == 0:
        raise InputFileError(f"The file {path} is empty.")
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"The file {path} is not valid UTF-8 text (byte {exc.start}); "
            "please save it as UTF-8."
        ) from None
    except pd.errors.EmptyDataError:
        raise InputFileError(f"The file {path} is empty.") from None
    except pd.errors.ParserError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else "unknown problem"
        raise InputFileError(f"The file {path} is not a valid CSV table: {first_line}.") from None
    if not isinstance(frame.index, pd.RangeIndex):  # pandas made the surplus leading fields an index
        raise InputFileError(f"The file {path} is not a valid CSV table: some rows have more fields than its "
                             "header has columns.")
    frame.columns = [str(column).strip() for column in frame.columns]
    require_columns(frame, required, source=str(path))
    if frame.empty:
        raise InputFileError(f"The file {path} has a header but no rows.")
    return frame


def read_json(path: str | Path):
    """Read a UTF-8 JSON file, raising :class:`InputFileError` on any problem."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"The file {path} does not exist.")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputFileError(f"The file {path} is not valid UTF-8 text.") from None
    except json.JSONDecodeError as exc:
        raise InputFileError(f"The file {path} is not valid JSON ({exc.msg}, line {exc.lineno}).") from None


def require_columns(frame: pd.DataFrame, required: Iterable[str], source: str = "the table") -> None:
    """Raise :class:`MissingColumnError` naming every column of ``required`` absent in ``frame``."""
    missing = [column for column in required if column and column not in frame.columns]
    if missing:
        available = ", ".join(map(str, frame.columns)) or "none"
        names = ", ".join(repr(column) for column in missing)
        raise MissingColumnError(
            f"{source} has no column {names} (columns found: {available})."
        )


def to_frame(records) -> pd.DataFrame:
    """Turn a DataFrame or an iterable of dicts into a DataFrame (copy)."""
    if isinstance(records, pd.DataFrame):
        return records.copy()
    return pd.DataFrame(list(records))


def write_json(data, path: str | Path) -> None:
    """Write ``data`` as pretty UTF-8 JSON (umlauts kept readable)."""
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
