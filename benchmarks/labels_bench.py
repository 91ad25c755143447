"""Speed of theme labels and quotes (run by hand, prints JSON).

    .venv/bin/python benchmarks/labels_bench.py [--themes 40] [--per-theme 20000]

Texts come from the Kiel demo generator (app/demo/texts.py): each theme is one
title template with its pillar's bodies, plus stock replies, so the vocabulary
is realistic. Large themes are sampled by ``label_themes`` (400 texts each), so
the time depends on the number of themes more than on their size.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def demo_themes(n_themes: int, per_theme: int, seed: int = 0) -> list[list[str]]:
    """``n_themes`` lists of ``per_theme`` texts (title + body), one title template per theme."""
    from app.demo.texts import REPLIES, TITLES, fill, proposal_text

    rng = random.Random(seed)
    templates = [(pillar, template) for pillar, items in TITLES.items() for template in items]
    themes = []
    for index in range(n_themes):
        pillar, template = templates[index % len(templates)]
        distinct = [fill(template, rng, None) + "\n" + proposal_text(rng, pillar, None)[1] for _ in range(300)]
        distinct += [fill(rng.choice(REPLIES), rng, None) for _ in range(30)]
        themes.append([distinct[i % len(distinct)] for i in range(per_theme)])
    return themes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", type=int, default=40)
    parser.add_argument("--per-theme", type=int, default=20_000)
    args = parser.parse_args()
    from analysis.labels import label_themes
    from analysis.quotes import select_quotes

    themes = demo_themes(args.themes, args.per_theme)
    background = [text for theme in themes for text in theme[:: max(1, len(theme) // 50)]]
    start = time.perf_counter()
    labels = label_themes(themes, background=background)
    label_seconds = time.perf_counter() - start

    rng = np.random.default_rng(0)
    embedding = rng.normal(size=(args.per_theme, 64))
    embedding /= np.linalg.norm(embedding, axis=1, keepdims=True)
    start = time.perf_counter()
    select_quotes(themes[0], embedding, embedding.mean(axis=0))
    quote_seconds = time.perf_counter() - start
    print(json.dumps({
        "n_themes": args.themes, "texts_per_theme": args.per_theme,
        "label_seconds": round(label_seconds, 2), "quote_seconds_one_theme": round(quote_seconds, 2),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "labels": [label.label for label in labels],
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
