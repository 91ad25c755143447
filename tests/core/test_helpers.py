"""Small shared helpers: page numbers from the query string, and the one CSV format of all downloads."""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from app.core.csvfiles import csv_chunks, spreadsheet_safe
from app.core.pagination import MAX_PAGE, page_number


@pytest.mark.parametrize("raw, expected", [
    (None, 1), ("", 1), ("3", 3), (" 7 ", 7), ("0", 1), ("-3", 1), ("abc", 1), ("²", 1), ("٣", 1),
    ("1e3", 1), ("2147483648", MAX_PAGE), ("9" * 20, MAX_PAGE), ("9" * 5000, MAX_PAGE), ("\x00", 1),
])
def test_page_number_accepts_only_ascii_digits_and_clamps(raw, expected):
    assert page_number(raw) == expected


def test_csv_chunks_are_rfc4180_and_neutralise_formulas():
    rows = [[1, "=HYPERLINK(\"x\")", None], [2, "Zeile\nzwei; „Zitat“", datetime(2026, 1, 2, 3, 4, tzinfo=UTC)],
            [3, "-1+1", "@SUM"], [4, "\tTab", "ok"]]
    text = "".join(csv_chunks(["id", "text", "more"], rows, chunk_rows=2))
    assert text.startswith("id,text,more\r\n") and text.endswith("\r\n")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed == [["id", "text", "more"], ["1", "'=HYPERLINK(\"x\")", ""],
                      ["2", "Zeile\nzwei; „Zitat“", "2026-01-02T03:04:00+00:00"],
                      ["3", "'-1+1", "'@SUM"], ["4", "'\tTab", "ok"]]


def test_csv_chunks_stream_in_pieces_with_an_optional_bom():
    chunks = list(csv_chunks(["n"], ([number] for number in range(5)), bom=True, chunk_rows=2))
    assert len(chunks) == 3 and chunks[0].startswith("\ufeffn\r\n0\r\n1\r\n")
    assert spreadsheet_safe(0) == 0 and spreadsheet_safe("plain") == "plain"
