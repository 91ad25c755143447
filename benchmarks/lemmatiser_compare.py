"""Compare German lemmatisers for theme labels (run by hand, prints JSON).

    .venv/bin/python benchmarks/lemmatiser_compare.py [--spacy-lookups DIR]

Accuracy on hand-checked inflected nouns from the Kiel demo and the CIMT
Ottensen texts (base form = nominative singular), and speed per distinct word
after loading. spacy-lookups-data (MIT, 99 MB installed) is optional: pass the
folder it is installed in (``pip install --target DIR spacy-lookups-data``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOLD = {
    "Bädern": "Bad", "Vergünstigungen": "Vergünstigung", "Schulen": "Schule", "Radwege": "Radweg",
    "Fahrrädern": "Fahrrad", "Lesepaten": "Lesepate", "Zuschüsse": "Zuschuss", "Museen": "Museum",
    "Vereinen": "Verein", "Räume": "Raum", "Parkplätze": "Parkplatz", "Haltestellen": "Haltestelle",
    "Bäume": "Baum", "Straßen": "Straße", "Kindern": "Kind", "Ampeln": "Ampel", "Autos": "Auto", "Busse": "Bus",
    "Gehwegen": "Gehweg", "Bürgersteige": "Bürgersteig", "Radfahrern": "Radfahrer", "Spielplätze": "Spielplatz",
    "Bänke": "Bank", "Hochschulen": "Hochschule", "Betrieben": "Betrieb", "Fortbildungen": "Fortbildung",
    "Bewerbungen": "Bewerbung", "Stadtteilen": "Stadtteil", "Initiativen": "Initiative",
    "Ehrenamtlichen": ("Ehrenamtliche", "Ehrenamtlicher"), "Engagierten": ("Engagierte", "Engagierter"),
    "Verwaltungsvorgänge": "Verwaltungsvorgang", "Stadtteilvereine": "Stadtteilverein",
    "Vereinsämter": "Vereinsamt", "Kirchengemeinden": "Kirchengemeinde", "Sachspenden": "Sachspende",
    "Leistungspunkten": "Leistungspunkt", "Patenschaften": "Patenschaft", "Kennzahlen": "Kennzahl",
    "Fahrgemeinschaften": "Fahrgemeinschaft", "Lastenräder": "Lastenrad", "Einbahnstraßen": "Einbahnstraße",
    "E-Scootern": "E-Scooter", "Parkhäuser": "Parkhaus", "Bodenwellen": "Bodenwelle", "Lotsinnen": "Lotsin",
    "Unternehmen": "Unternehmen", "Zebrastreifen": "Zebrastreifen", "Anwohnern": "Anwohner",
    "Fahrradbügeln": "Fahrradbügel", "Stellplätzen": "Stellplatz", "Lieferzonen": "Lieferzone",
    "Dankeschön-Gutscheine": "Dankeschön-Gutschein", "Mülleimern": "Mülleimer", "Grünflächen": "Grünfläche",
}


def accuracy(lemmatise) -> tuple[float, list[str]]:
    wrong = []
    for word, gold in GOLD.items():
        allowed = gold if isinstance(gold, tuple) else (gold,)
        if lemmatise(word) not in allowed:
            wrong.append(f"{word}→{lemmatise(word)}")
    return round(1 - len(wrong) / len(GOLD), 3), wrong


def timed(name: str, load, make) -> dict:
    start = time.perf_counter()
    load()
    load_seconds = time.perf_counter() - start
    lemmatise = make()
    start = time.perf_counter()
    for word in GOLD:
        lemmatise(word)
    per_word_ms = (time.perf_counter() - start) * 1000 / len(GOLD)
    share, wrong = accuracy(lemmatise)
    return {"name": name, "load_seconds": round(load_seconds, 2), "ms_per_new_word": round(per_word_ms, 3),
            "accuracy": share, "wrong": wrong}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spacy-lookups", help="folder with spacy_lookups_data installed")
    args = parser.parse_args()
    results = []
    from analysis import lemmas

    results.append(timed("HanTa 1.2.1 (word analysis, no context)", lemmas._tagger,
                         lambda: lambda w: lemmas._tagger().analyze(w)[0]))
    import simplemma

    results.append(timed("simplemma 2.0.0", lambda: simplemma.lemmatize("Haus", lang="de"),
                         lambda: lambda w: simplemma.lemmatize(w, lang="de")))
    if args.spacy_lookups:
        path = Path(args.spacy_lookups) / "spacy_lookups_data" / "data" / "de_lemma_lookup.json.gz"
        table = {}

        def load():
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                table.update(json.load(handle))

        results.append(timed("spacy-lookups-data 1.0.5 (de_lemma_lookup)", load,
                             lambda: lambda w: table.get(w, w)))
    results.append(timed("ours: analysis.lemmas.noun_lemma (simplemma + compounds + HanTa)", lambda: None,
                         lambda: lemmas.noun_lemma))
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
