"""Speed benchmark for the analysis package (run by hand, prints JSON).

    .venv/bin/python benchmarks/analysis_bench.py            # all parts, each in its own process
    .venv/bin/python benchmarks/analysis_bench.py --part topics --n 20000

Targets (2 cores): themes for 100,000 synthetic German texts < 60 s and < 2 GB
peak memory; opinion groups for 10,000 participants × 2,000 statements < 10 s;
similar-contribution query < 20 ms.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

THEMES = [
    "radweg fahrrad radfahrer fahrradstraße radverkehr lastenrad fahrradbügel abstellanlage",
    "bus haltestelle nahverkehr linie takt fahrplan busspur straßenbahn bahnhof",
    "parkplatz parken anwohnerparken parkhaus stellplatz parkgebühren falschparker",
    "spielplatz kinder kita schule schulweg jugendliche spielgeräte jugendzentrum",
    "park grünfläche bäume baumpflanzung wiese blumen stadtgrün begrünung",
    "ehrenamt ehrenamtskoordination verein nachbarschaft engagement freiwillige",
    "müll mülleimer sauberkeit reinigung abfall glascontainer sperrmüll",
    "wohnung miete wohnraum sozialwohnungen neubau mieten leerstand",
    "lärm verkehrslärm ruhe nachtruhe lärmschutz tempolimit tempo",
    "beleuchtung straßenlaterne dunkel sicherheit angstraum licht",
    "bürgersteig gehweg fußgänger zebrastreifen ampel barrierefrei rollstuhl",
    "sport sporthalle schwimmbad sportplatz bolzplatz fitness",
    "bibliothek kultur museum theater veranstaltung konzert",
    "klima klimaschutz solar photovoltaik energie wärmepumpe",
    "markt wochenmarkt einzelhandel geschäfte innenstadt gastronomie",
]
FILLER = ("wir brauchen mehr bessere neue dringend endlich sichere schöne die der das und für im am "
          "an der ecke bitte sollte könnte man gerade abends morgens viele bürger finden").split()
STREETS = ["Holstenstraße", "Wilhelminenstraße", "Bergstraße", "Hafenstraße", "Ringstraße", "Gartenweg"]


SYLLABLES = "ka lo mi ter ran sel bu dor fen gal hin jus kor lem nor pat rus tam vel wis".split()


def synthetic_texts(n: int, seed: int = 0, unique: bool = False):
    """``n`` texts about the THEMES; ``unique`` adds two random made-up words to each text, so that no
    text recurs (otherwise short texts of the small vocabulary recur and count as stock replies)."""
    rng = np.random.default_rng(seed)
    theme_words = [theme.split() for theme in THEMES]
    rows = []
    for i in range(n):
        theme = theme_words[rng.integers(len(theme_words))]
        length = int(rng.integers(8, 90))
        words = [theme[rng.integers(len(theme))] if rng.random() < 0.35 else FILLER[rng.integers(len(FILLER))]
                 for _ in range(length)]
        if rng.random() < 0.3:
            words.append(STREETS[rng.integers(len(STREETS))])
        if unique:
            words += ["".join(rng.choice(SYLLABLES, 4)) for _ in range(2)]
        title = " ".join(theme[rng.integers(len(theme))].capitalize() for _ in range(2))
        rows.append({"id": str(i), "title": title, "text": " ".join(words).capitalize() + "."})
    return rows


def peak_memory_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench_topics(n: int, representation: str = "lsa+wordllama", unique: bool = False) -> dict:
    from analysis.topics import find_topics

    rows = synthetic_texts(n, unique=unique)
    stage_start: dict[str, float] = {}
    updates = []

    def progress(stage: str, fraction: float) -> None:
        stage_start.setdefault(stage, time.perf_counter() - start)
        updates.append(time.perf_counter() - start)

    start = time.perf_counter()
    result = find_topics(rows, title_column="title", seed=0, progress=progress,
                         representation=representation)
    seconds = time.perf_counter() - start
    gaps = np.diff([0.0, *updates, seconds])
    return {"n_texts": n, "representation": result["parameters"]["representation"],
            "seconds": round(seconds, 2), "k": result["parameters"]["k"],
            "n_outliers": result["parameters"]["n_outliers"], "n_excluded": result["parameters"]["n_excluded"],
            "stage_started_at_s": {stage: round(at, 1) for stage, at in stage_start.items()},
            "progress_updates": len(updates), "longest_silence_s": round(float(gaps.max()), 1),
            "peak_memory_mb": peak_memory_mb()}


def bench_opinions(n_participants: int, n_statements: int, method: str = "polis") -> dict:
    import pandas as pd

    from analysis.opinions import find_opinion_groups

    rng = np.random.default_rng(1)
    group_of = rng.integers(3, size=n_participants)
    stance = rng.choice([-1, 0, 1], size=(3, n_statements), p=[0.4, 0.2, 0.4])
    per_participant = rng.integers(5, 200, size=n_participants)
    voters = np.repeat(np.arange(n_participants), per_participant)
    statements = np.concatenate([rng.choice(n_statements, k, replace=False) for k in per_participant])
    noise = rng.random(len(voters)) < 0.2
    votes = np.where(noise, rng.choice([-1, 0, 1], size=len(voters)), stance[group_of[voters], statements])
    frame = pd.DataFrame({"voter-id": voters, "comment-id": statements, "vote": votes})
    start = time.perf_counter()
    result = find_opinion_groups(frame, seed=0, method=method)
    from sklearn.metrics import adjusted_rand_score

    placed = [int(v) for v, g in result["participants"].items() if g is not None]
    truth_ari = adjusted_rand_score(group_of[placed], [result["participants"][str(v)] for v in placed])
    return {"method": method, "n_participants": n_participants, "n_statements": n_statements,
            "n_votes": len(frame), "seconds": round(time.perf_counter() - start, 2), "k": result["parameters"]["k"],
            "ari_vs_planted_groups": round(float(truth_ari), 4), "stability": result["parameters"]["stability"],
            "peak_memory_mb": peak_memory_mb()}


def bench_query(n: int) -> dict:
    from analysis.duplicates import SimilarityIndex

    rows = synthetic_texts(n)
    start = time.perf_counter()
    index = SimilarityIndex.build((row["id"], row["title"], row["text"]) for row in rows)
    build_seconds = time.perf_counter() - start
    queries = synthetic_texts(200, seed=7)
    timings = []
    for query in queries:
        start = time.perf_counter()
        index.query(query["text"], title=query["title"], limit=5)
        timings.append((time.perf_counter() - start) * 1000)
    return {"n_indexed": n, "build_seconds": round(build_seconds, 2),
            "query_ms_median": round(float(np.median(timings)), 2),
            "query_ms_p95": round(float(np.percentile(timings, 95)), 2), "peak_memory_mb": peak_memory_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["topics", "opinions", "query"])
    parser.add_argument("--method", choices=["polis", "kmeans"], default="polis", help="opinion-group method")
    parser.add_argument("--n", type=int, default=100_000, help="number of texts")
    parser.add_argument("--representation", default="lsa+wordllama", choices=["lsa", "lsa+wordllama"])
    parser.add_argument("--unique", action="store_true", help="topics: no recurring texts (all are clustered)")
    args = parser.parse_args()
    if args.part == "topics":
        print(json.dumps(bench_topics(args.n, args.representation, args.unique)))
    elif args.part == "opinions":
        print(json.dumps(bench_opinions(10_000, 2_000, args.method)))
    elif args.part == "query":
        print(json.dumps(bench_query(args.n)))
    else:  # each part in a fresh process so that peak memory is per part
        results = {}
        for part in ("topics", "opinions", "query"):
            output = subprocess.run([sys.executable, __file__, "--part", part, "--n", str(args.n)],
                                    check=True, capture_output=True, text=True).stdout
            results[part] = json.loads(output)
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
