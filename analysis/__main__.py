"""Command line: ``python -m analysis {topics,duplicates,opinions,evaluate,report} …``.

Problems with the input are printed as one sentence on stderr and end the
program with exit status 2 (no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys


def _k_value(text: str):
    if text == "auto":
        return "auto"
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--k must be 'auto' or a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("--k must be at least 1")
    return value


MIN_VOTES_RANGE = (1, 1000)
_META_HELP = ('"auto" (default): with --comments, statements flagged is-meta or the owner\'s demographic '
              'self-descriptions count as passes for everybody, as in Pol.is; "none"; or ids "1,4,5"')


def _min_votes_value(text: str) -> int:
    low, high = MIN_VOTES_RANGE
    message = f"--min-votes must be a whole number from {low} to {high}, not {text[:30]!r}"
    stripped = text.strip()
    if not (stripped.isascii() and stripped.isdigit() and len(stripped) <= len(str(high))):
        raise argparse.ArgumentTypeError(message)
    value = int(stripped)
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(message)
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of all sub-commands."""
    from analysis.corpora import CORPORA
    from analysis.embeddings import DEFAULT_REPRESENTATION, REPRESENTATIONS

    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def text_options(sub, out_required=True, input_required=True):
        sub.add_argument("--input", required=input_required, help="CSV file (UTF-8) with one contribution per row")
        if out_required:
            sub.add_argument("--out", required=True, help="JSON file to write")
        sub.add_argument("--id-column", default="id")
        sub.add_argument("--text-column", default="text")
        sub.add_argument("--title-column", default=None)

    topics = commands.add_parser("topics", help="group contributions into themes")
    text_options(topics)
    topics.add_argument("--k", type=_k_value, default="auto",
                        help="'auto' or a number of themes (per pillar with --group-column)")
    topics.add_argument("--seed", type=int, default=0)
    topics.add_argument("--group-column", default=None, help="column with the pillar of each contribution")
    topics.add_argument("--group-prior-column", default=None,
                        help="column true/1 where the pillar is only a prior (e.g. survey answers)")
    topics.add_argument("--context-column", default=None,
                        help="column with what a text answers (to recognise stock replies; default: pillar)")
    topics.add_argument("--representation", choices=REPRESENTATIONS, default=DEFAULT_REPRESENTATION)

    duplicates = commands.add_parser("duplicates", help="find near-duplicate contributions")
    text_options(duplicates)
    duplicates.add_argument("--threshold", type=float, default=0.8, help="minimum cosine similarity (0–1)")

    opinions = commands.add_parser("opinions", help="opinion groups from a Pol.is votes.csv")
    opinions.add_argument("--votes", required=True, help="votes.csv: voter-id, comment-id, vote[, timestamp]")
    opinions.add_argument("--out", required=True)
    opinions.add_argument("--comments", help="optional comments.csv; rows with moderated = -1 are excluded")
    opinions.add_argument("--meta", default="auto", help=_META_HELP)
    opinions.add_argument("--min-votes", type=_min_votes_value, default=7)
    opinions.add_argument("--seed", type=int, default=0)
    opinions.add_argument("--method", choices=["polis", "kmeans"], default="polis",
                          help="polis: Pol.is's base clusters and group clustering (default); kmeans: k-means "
                               "directly on the projection")

    evaluate = commands.add_parser("evaluate", help="quality against known labels, next to a baseline")
    targets = evaluate.add_subparsers(dest="target", required=True)
    eval_topics = targets.add_parser("topics")
    text_options(eval_topics, out_required=False, input_required=False)
    eval_topics.add_argument("--corpus", choices=CORPORA,
                             help="a built-in public corpus instead of --input (see analysis/corpora.py)")
    eval_topics.add_argument("--label-column", default="label",
                             help="column with the true label, or 'cimt-transport-mode' to derive it")
    eval_topics.add_argument("--seed", type=int, default=0)
    eval_topics.add_argument("--k", type=_k_value, default="auto", help="k of the 'ours' run")
    eval_topics.add_argument("--representation", choices=REPRESENTATIONS, default=DEFAULT_REPRESENTATION)
    eval_topics.add_argument("--out")
    eval_labels = targets.add_parser("labels", help="share of true themes whose label names the chosen key noun")
    eval_labels.add_argument("--input", required=True, action="append",
                             help="CSV file (UTF-8); repeat --input/--keys for several data sets")
    eval_labels.add_argument("--keys", required=True, action="append",
                             help="key file (JSON) for the --input at the same position, see analysis/data")
    eval_labels.add_argument("--out")
    eval_opinions = targets.add_parser("opinions")
    eval_opinions.add_argument("--votes", help="votes.csv; without it the votes of --groups are used")
    eval_opinions.add_argument("--groups", required=True, help="participants-votes.csv with a group-id column")
    eval_opinions.add_argument("--comments")
    eval_opinions.add_argument("--meta", default="auto", help=_META_HELP)
    eval_opinions.add_argument("--min-votes", type=_min_votes_value, default=7)
    eval_opinions.add_argument("--seed", type=int, default=0)
    eval_opinions.add_argument("--method", choices=["polis", "kmeans", "both"], default="both")
    eval_opinions.add_argument("--out")
    eval_math = targets.add_parser("polis-math", help="compare with a Pol.is math export folder")
    eval_math.add_argument("--fixture", required=True)
    eval_math.add_argument("--seed", type=int, default=0)
    eval_math.add_argument("--method", choices=["polis", "kmeans", "both"], default="both")
    eval_math.add_argument("--out")

    report = commands.add_parser("report", help="render the council report from a ReportData JSON file")
    report.add_argument("--input", required=True, help="ReportData JSON (format: analysis/README.md)")
    report.add_argument("--format", required=True, choices=["docx", "pdf", "html", "md", "oparl"])
    report.add_argument("--out", required=True, help="file to write")
    report.add_argument("--labels", help="optional JSON object of labels overriding the German defaults")
    report.add_argument("--base-url", default="https://example.org/oparl", help="OParl: base URL of the objects")
    report.add_argument("--no-chart-images", action="store_true",
                        help="never start Chromium; charts appear as tables")
    report.add_argument("--anlagen", metavar="DIR",
                        help="also write the Anlagen (XLSX and CSV per Anlage) into this directory")
    return parser


def run_report(args) -> None:
    """Build the report from the input JSON and write it in the requested format."""
    from analysis.io import read_json
    from analysis.report_builder import build_report
    from analysis.report_data import load_report_data
    from analysis.report_render import export_report

    labels = read_json(args.labels) if args.labels else None
    report = build_report(load_report_data(args.input), labels)
    export_report(report, args.format, args.out, chart_images=not args.no_chart_images, base_url=args.base_url)
    if args.anlagen:
        from analysis.report_render.anlagen import export_anlagen

        export_anlagen(report, args.anlagen)


def run(args) -> dict:
    """Execute parsed arguments and return the JSON-serialisable result."""
    from analysis.errors import InputFileError
    from analysis.io import read_csv

    if args.command == "evaluate" and args.target == "topics" and args.corpus:
        from analysis.corpora import load_corpus
        from analysis.evaluate import evaluate_topics

        return evaluate_topics(load_corpus(args.corpus), seed=args.seed, k=args.k,
                               representation=args.representation)
    if args.command in ("topics", "duplicates") or (args.command == "evaluate" and args.target == "topics"):
        if not args.input:
            raise InputFileError("Give --input (a CSV file) or --corpus.")
        derive_label = args.command == "evaluate" and args.label_column == "cimt-transport-mode"
        label = [] if args.command != "evaluate" or derive_label else [args.label_column]
        topic_columns = ([args.group_column, args.group_prior_column, args.context_column]
                         if args.command == "topics" else [])
        frame = read_csv(args.input, required=[args.id_column, args.text_column, args.title_column, *label,
                                               *topic_columns])
        if args.command == "topics":
            from analysis.topics import find_topics

            return find_topics(frame, id_column=args.id_column, text_column=args.text_column,
                               title_column=args.title_column, k=args.k, seed=args.seed,
                               group_column=args.group_column, group_prior_column=args.group_prior_column,
                               context_column=args.context_column, representation=args.representation)
        if args.command == "duplicates":
            from analysis.duplicates import find_duplicates

            return find_duplicates(frame, id_column=args.id_column, text_column=args.text_column,
                                   title_column=args.title_column, threshold=args.threshold)
        from analysis.evaluate import cimt_transport_mode, evaluate_topics

        label_column = args.label_column
        if derive_label:
            frame[label_column] = cimt_transport_mode(frame)
        return evaluate_topics(frame, label_column=label_column, id_column=args.id_column,
                               text_column=args.text_column, title_column=args.title_column, seed=args.seed,
                               k=args.k, representation=args.representation)
    if args.command == "opinions":
        from analysis.meta_statements import parse_meta_option
        from analysis.opinions import find_opinion_groups
        from analysis.votes import moderated_out_statements, read_votes

        moderated = moderated_out_statements(args.comments) if args.comments else []
        return find_opinion_groups(read_votes(args.votes), min_votes=args.min_votes, seed=args.seed,
                                   moderated_out=moderated, meta_statements=parse_meta_option(args.meta, args.comments),
                                   method=args.method)
    if args.target == "labels":
        from analysis.errors import ParameterError
        from analysis.evaluate_labels import evaluate_true_themes

        if len(args.input) != len(args.keys):
            raise ParameterError("Give one --keys file for every --input file, in the same order.")
        return {"task": "labels", "data_sets": [evaluate_true_themes(path, keys)
                                                for path, keys in zip(args.input, args.keys)]}
    from analysis import evaluate

    methods = ["polis", "kmeans"] if args.method == "both" else [args.method]
    if args.target == "opinions":
        results = [evaluate.evaluate_opinions(args.votes, args.groups, comments=args.comments, meta=args.meta,
                                              min_votes=args.min_votes, seed=args.seed, method=method)
                   for method in methods]
    else:
        results = [evaluate.compare_with_polis_math(args.fixture, seed=args.seed, method=method)
                   for method in methods]
    return results[0] if len(results) == 1 else {"methods": dict(zip(methods, results))}


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 2 bad input)."""
    from analysis.errors import AnalysisError
    from analysis.io import write_json

    args = build_parser().parse_args(argv)
    try:
        if args.command == "report":
            run_report(args)
            return 0
        result = run(args)
        if args.command == "evaluate":
            print(json.dumps(result, ensure_ascii=False, indent=2))
        if getattr(args, "out", None):
            write_json(result, args.out)
    except AnalysisError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"Error: cannot write or read {error.filename}: {error.strerror}.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
