"""Label-quality check: does a theme's label name the key noun a person chose?

A *key file* (JSON, see ``analysis/data/*.keys.json``) says how to read the
true themes of a CSV file and, for each theme, the key noun(s) a person chose
for it::

    {"title_column": "title", "text_column": "text",
     "grouping": {"label_column": "theme"}            # one theme per row, or
     "grouping": {"binary_columns": true},            # every key is a 0/1 column
     "keys": {"theme name": ["Ehrenamtskarte", …], …}}

A label *contains* a key noun when one of its words has the same lemma
(:func:`analysis.lemmas.lemma_key`, so "Radwege" = "Radweg") or is a compound
beginning or ending with it ("Radweg" contains "Rad", "Anwohnerparkplatz"
contains "Parkplatz").

* :func:`evaluate_true_themes` labels the true groupings (labels alone).
* :func:`label_check_for_clusters` labels *found* clusters and checks each
  against the key nouns of its majority true theme – for the evaluation of the
  clustering.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.errors import InputFileError, NotEnoughDataError
from analysis.io import read_csv, read_json, require_columns
from analysis.labels import label_problems, label_themes, nominalised_verbs
from analysis.lemmas import lemma_key

MIN_THEME_SIZE = 2


def contains_key(label: str, keys: Sequence[str]) -> bool:
    """True when a word of ``label`` has the lemma of a key noun or is a compound starting/ending with it."""
    whole = [word.strip(".,;:()") for word in label.split()]
    parts = [part for word in whole if "-" in word for part in word.split("-")]
    words = [lemma_key(word) for word in whole + parts if len(word) >= 2]
    for key in keys:
        wanted = lemma_key(key)
        if any(word == wanted or (len(wanted) >= 3 and (word.startswith(wanted) or word.endswith(wanted)))
               for word in words):
            return True
    return False


def load_keys(path: str | Path) -> dict:
    """Read and validate a key file (format: module docstring)."""
    spec = read_json(path)
    if not isinstance(spec, dict) or not isinstance(spec.get("keys"), dict) or not spec["keys"]:
        raise InputFileError(f"{path}: a key file needs an object 'keys' mapping each theme to its key nouns.")
    grouping = spec.get("grouping") or {}
    if not (grouping.get("label_column") or grouping.get("binary_columns")):
        raise InputFileError(f"{path}: 'grouping' needs 'label_column' or 'binary_columns': true.")
    for theme, nouns in spec["keys"].items():
        if not isinstance(nouns, list) or not nouns or not all(isinstance(n, str) and n.strip() for n in nouns):
            raise InputFileError(f"{path}: the key nouns of theme {theme!r} must be a non-empty list of words.")
    return spec


def _document_texts(frame: pd.DataFrame, spec: dict) -> list[str]:
    text = frame[spec.get("text_column", "text")].fillna("").astype(str)
    title_column = spec.get("title_column")
    if title_column:
        return (frame[title_column].fillna("").astype(str) + "\n" + text).tolist()
    return text.tolist()


def _theme_sets(frame: pd.DataFrame, spec: dict) -> list[set[str]]:
    """The true theme(s) of every row."""
    grouping, names = spec["grouping"], list(spec["keys"])
    if grouping.get("label_column"):
        column = frame[grouping["label_column"]].fillna("").astype(str).str.strip()
        return [{value} if value in spec["keys"] else set() for value in column]
    flags = {name: frame[name].astype(str).str.strip().isin(["1", "1.0", "True", "true"]) for name in names}
    return [{name for name in names if flags[name].iloc[row]} for row in range(len(frame))]


def evaluate_true_themes(input_path: str | Path, keys_path: str | Path) -> dict:
    """Label the true themes of ``input_path`` and report the share whose label contains a key noun."""
    spec = load_keys(keys_path)
    grouping = spec["grouping"]
    columns = [spec.get("text_column", "text"), spec.get("title_column")]
    columns += [grouping["label_column"]] if grouping.get("label_column") else list(spec["keys"])
    frame = read_csv(input_path, required=[column for column in columns if column])
    require_columns(frame, [column for column in columns if column], source="The input")
    texts = _document_texts(frame, spec)
    themes_of = _theme_sets(frame, spec)
    names = [name for name in spec["keys"] if sum(name in themes for themes in themes_of) >= MIN_THEME_SIZE]
    if len(names) < 2:
        raise NotEnoughDataError("The input needs at least two themes with two texts each to check labels.")
    groups = [[text for text, themes in zip(texts, themes_of) if name in themes] for name in names]
    labels = label_themes(groups, background=texts)
    nominalised = nominalised_verbs(texts)
    rows = []
    for name, label, group in zip(names, labels, groups):
        rows.append({"theme": name, "size": len(group), "label": label.label, "keys": spec["keys"][name],
                     "contains_key": contains_key(label.label, spec["keys"][name]),
                     "problems": label_problems(label.label, nominalised=nominalised)})
    return _summary(rows, source=str(input_path), skipped=[n for n in spec["keys"] if n not in names])


def label_check_for_clusters(
    texts: Sequence[str],
    true_themes: Sequence[str | set[str] | None],
    clusters: Sequence[int | None],
    keys: dict[str, Sequence[str]],
    *,
    labels: Sequence[str] | None = None,
) -> dict:
    """Label check of found clusters: each cluster is compared with the key nouns of its majority true theme.

    ``texts[i]`` is document i (title and body joined by a newline),
    ``true_themes[i]`` its true theme (a name, a set of names, or None),
    ``clusters[i]`` the found cluster id (None or negative: outlier). Themes
    without key nouns in ``keys`` are ignored. ``labels`` (optional, one per
    cluster id in sorted order) are checked instead of labelling the clusters
    here with :func:`analysis.labels.label_themes`. With several true themes
    per document, a key noun of any theme carried by at least half of the
    cluster's members counts (else of the majority theme).
    """
    ids = sorted({c for c in clusters if c is not None and c >= 0})
    if not ids:
        raise NotEnoughDataError("There are no clusters to check.")
    members = {c: [i for i, found in enumerate(clusters) if found == c] for c in ids}
    if labels is None:
        found_labels = [label.label for label in label_themes([[texts[i] for i in members[c]] for c in ids],
                                                                background=texts)]
    else:
        found_labels = list(labels)
    nominalised = nominalised_verbs(texts)
    rows = []
    for cluster, label in zip(ids, found_labels):
        votes: Counter = Counter()
        for i in members[cluster]:
            theme = true_themes[i]
            votes.update({theme} if isinstance(theme, str) else (theme or set()))
        votes = Counter({name: count for name, count in votes.items() if name in keys})
        if not votes:
            continue
        majority, count = min(votes.items(), key=lambda item: (-item[1], item[0]))
        # multi-label truth: every theme that half of the members carry is a fair name too
        accepted = sorted(name for name, n in votes.items() if n >= len(members[cluster]) / 2) or [majority]
        accepted_keys = [key for name in accepted for key in keys[name]]
        rows.append({"cluster": cluster, "size": len(members[cluster]), "majority_theme": majority,
                     "majority_share": round(count / len(members[cluster]), 3), "accepted_themes": accepted,
                     "label": label, "keys": accepted_keys, "contains_key": contains_key(label, accepted_keys),
                     "problems": label_problems(label, nominalised=nominalised)})
    return _summary(rows, source="found clusters", skipped=[])


def _summary(rows: list[dict], *, source: str, skipped: list[str]) -> dict:
    hits = sum(row["contains_key"] for row in rows)
    return {
        "task": "labels",
        "source": source,
        "n_themes": len(rows),
        "share_with_key_noun": round(hits / len(rows), 4) if rows else None,
        "n_with_problems": sum(bool(row["problems"]) for row in rows),
        "n_distinct_labels": len({row["label"].casefold() for row in rows}),
        "skipped_themes": skipped,
        "themes": rows,
    }
