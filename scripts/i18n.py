"""Catalog helpers: German is the source language of our msgids.

    python scripts/i18n.py fill-source translations/de/LC_MESSAGES/messages.po
        copies each untranslated German msgid into its msgstr (the German catalog is the identity);
    python scripts/i18n.py check translations
        exits 1 and lists messages that are untranslated or fuzzy in any catalog.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def _is_empty(message) -> bool:
    if isinstance(message.id, (list, tuple)):
        return not message.string or not all(message.string)
    return not message.string


def fill_source(po_path: Path) -> int:
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if _is_empty(message) or message.fuzzy:
            message.string = tuple(message.id) if isinstance(message.id, (list, tuple)) else message.id
            message.flags.discard("fuzzy")
            filled += 1
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, width=120, omit_header=False, sort_output=True, no_location=True)
    return filled


def check(directory: Path) -> list[str]:
    problems = []
    for po_path in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        with open(po_path, "rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if message.id and (_is_empty(message) or message.fuzzy):
                problems.append(f"{po_path.parts[-3]}: {message.id!r}")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"fill-source", "check"}:
        print(__doc__)
        return 2
    if argv[0] == "fill-source":
        print(f"filled {fill_source(Path(argv[1]))} German messages")
        return 0
    problems = check(Path(argv[1]))
    for line in problems:
        print("untranslated:", line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
