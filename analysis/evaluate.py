"""Quality figures: our results against known labels, always next to a naive baseline.

* Themes: adjusted Rand index (ARI) and normalised mutual information (NMI) of
  :func:`analysis.topics.find_topics` against a label column, with the
  automatic number of themes and with the true number of labels, and the same
  for a baseline of plain word TF-IDF + k-means *given the true number of labels*.
  Rows without a label are left out; outliers count as one extra group.
* Opinion groups: ARI/NMI against Pol.is's own ``group-id`` column of a
  ``participants-votes.csv`` export, with a baseline of k-means (true k) on the
  raw vote matrix (missing votes = 0).
* :func:`compare_with_polis_math` compares with a Pol.is math export
  (``math-pca2.json``) such as the red-dwarf test fixture.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from analysis.errors import NotEnoughDataError
from analysis.io import read_csv, read_json, require_columns, to_frame
from analysis.opinions import find_opinion_groups
from analysis.repness import representative_statements
from analysis.topics import find_topics
from analysis.votes import VoteMatrix, read_votes

CIMT_TRANSPORT_MODES = [
    "cycling", "walking", "scooters", "public transport (local)",
    "public transport (long-distance)", "commercial transport",
]


def cimt_transport_mode(frame: pd.DataFrame) -> pd.Series:
    """Single label "transport mode" from the CIMT corpus's binary categories.

    A row gets the one mode sub-category that applies (cycling, walking, …);
    rows with only "motorized transport" and no sub-category get "car traffic".
    Rows with several modes or none get "" and are left out of evaluations.
    """
    require_columns(frame, CIMT_TRANSPORT_MODES + ["motorized transport", "non-motorized transport"],
                    source="The CIMT table")

    def positive(value) -> bool:
        return str(value).strip() in ("1", "1.0", "True", "true")

    def mode(row) -> str:
        modes = [column for column in CIMT_TRANSPORT_MODES if positive(row[column])]
        if len(modes) == 1:
            return modes[0]
        if not modes and positive(row["motorized transport"]) and not positive(row["non-motorized transport"]):
            return "car traffic"
        return ""

    return frame.apply(mode, axis=1)


def _scores(truth, predicted) -> dict:
    return {
        "ari": round(float(adjusted_rand_score(truth, predicted)), 4),
        "nmi": round(float(normalized_mutual_info_score(truth, predicted)), 4),
    }


def _ratio(ours: float, baseline: float):
    return round(ours / baseline, 2) if baseline > 0 else None


def evaluate_topics(
    records,
    *,
    label_column: str = "label",
    id_column: str = "id",
    text_column: str = "text",
    title_column: str | None = None,
    seed: int = 0,
    k="auto",
    representation: str | None = None,
) -> dict:
    """ARI/NMI of our themes with the automatic k *and* with the true k, next to the
    word-TF-IDF + k-means (true k) baseline.

    ``ours`` is the run with ``k`` (default automatic), ``ours_true_k`` the run
    with the number of labels; ``k_ratio`` is chosen k / true k. Outliers and
    texts without substance count as one extra group.
    """
    frame = to_frame(records)
    require_columns(frame, [label_column, id_column, text_column, title_column], source="The input")
    frame = frame[frame[label_column].astype(str).str.strip() != ""].reset_index(drop=True)
    truth = frame[label_column].astype(str).tolist()
    n_labels = len(set(truth))
    if n_labels < 2:
        raise NotEnoughDataError("The label column needs at least two different labels to evaluate against.")
    options = {"representation": representation} if representation else {}

    def run(number_of_themes) -> dict:
        result = find_topics(frame, id_column=id_column, text_column=text_column, title_column=title_column,
                             seed=seed, k=number_of_themes, **options)
        ours = [result["assignments"][str(doc_id)] for doc_id in frame[id_column]]
        ours = [-1 if cluster is None else cluster for cluster in ours]
        parameters = result["parameters"]
        return {**_scores(truth, ours), "k": parameters["k"], "k_ratio": round(parameters["k"] / n_labels, 2),
                "n_outliers": parameters["n_outliers"], "n_excluded": sum(parameters["n_excluded"].values()),
                "representation": parameters["representation"]}

    ours_scores = run(k)
    true_k_scores = run(min(n_labels, max(1, len(frame) // 2)))
    titles = frame[title_column].astype(str) + " " if title_column else ""
    baseline_features = TfidfVectorizer().fit_transform(titles + frame[text_column].astype(str))
    baseline = KMeans(n_labels, random_state=seed, n_init=4).fit_predict(baseline_features)
    baseline_scores = _scores(truth, baseline)
    return {
        "task": "topics",
        "n_documents": len(frame),
        "n_labels": n_labels,
        "ours": ours_scores,
        "ours_true_k": true_k_scores,
        "baseline": {**baseline_scores, "k": n_labels, "method": "word TF-IDF + k-means with the true k"},
        "ratio": {"ari": _ratio(ours_scores["ari"], baseline_scores["ari"]),
                  "nmi": _ratio(ours_scores["nmi"], baseline_scores["nmi"]),
                  "ari_true_k": _ratio(true_k_scores["ari"], baseline_scores["ari"])},
    }


PARTICIPANT_COLUMNS = ("participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")


def votes_from_participants_votes(frame: pd.DataFrame) -> VoteMatrix:
    """The vote matrix held in a Pol.is ``participants-votes.csv`` (one column per statement, empty = no vote).

    Lets a conversation be evaluated when only that file is published.
    """
    statements = [column for column in frame.columns if column not in PARTICIPANT_COLUMNS]
    long = frame.melt(id_vars=["participant"], value_vars=statements, var_name="comment-id", value_name="vote")
    long = long[long["vote"].str.strip() != ""].rename(columns={"participant": "voter-id"})
    return VoteMatrix.from_frame(long)


def evaluate_opinions(
    votes: str | Path | VoteMatrix | None,
    groups: str | Path,
    *,
    comments: str | Path | None = None,
    meta: str = "auto",
    min_votes: int = 7,
    seed: int = 0,
    method: str = "polis",
) -> dict:
    """Compare our opinion groups with the ``group-id`` column of a Pol.is ``participants-votes.csv``.

    ``votes`` is a ``votes.csv`` (or a matrix); ``None`` takes the votes from ``groups`` itself.
    Also reports how far our significant representative statements agree with those Pol.is's
    statistics give for its own groups (Jaccard of (statement, direction) pairs). ``meta`` is
    the ``--meta`` option (:func:`analysis.meta_statements.parse_meta_option`).
    """
    from analysis.meta_statements import parse_meta_option
    from analysis.votes import moderated_out_statements

    reference = read_csv(groups, required=["participant", "group-id"])
    if votes is None:
        matrix = votes_from_participants_votes(reference)
    else:
        matrix = votes if isinstance(votes, VoteMatrix) else read_votes(votes)
    truth_of = {participant.strip(): group.strip()
                for participant, group in zip(reference["participant"], reference["group-id"]) if group.strip()}
    moderated = moderated_out_statements(comments) if comments else []
    meta_ids = parse_meta_option(meta, comments)
    result = find_opinion_groups(matrix, min_votes=min_votes, seed=seed, moderated_out=moderated,
                                 meta_statements=meta_ids, method=method)
    common = [voter for voter, group in result["participants"].items()
              if group is not None and voter in truth_of]
    if len(common) < 2:
        raise NotEnoughDataError("The reference groups and our groups share fewer than two participants.")
    truth = [truth_of[voter] for voter in common]

    dense = np.nan_to_num(matrix.to_dense(), nan=0.0)
    index_of = {voter: i for i, voter in enumerate(matrix.voters)}
    rows = [index_of[voter] for voter in common]
    baseline = KMeans(len(set(truth)), random_state=seed, n_init=4).fit_predict(dense[rows])
    ours_scores, baseline_scores = _scores(truth, [result["participants"][v] for v in common]), _scores(truth, baseline)
    reference_rows = [index_of[voter] for voter in truth_of if voter in index_of]
    reference_rep = _representative_set(matrix, reference_rows, [truth_of[matrix.voters[i]] for i in reference_rows],
                                        [*moderated, *meta_ids])
    ours_rep = {(s["statement"], s["direction"]) for g in result["groups"] for s in g["representative"]
                if s["significant"]}
    return {
        "task": "opinions",
        "method": method,
        "n_participants_compared": len(common),
        "n_reference_groups": len(set(truth)),
        "moderated_out": len(moderated),
        "meta_statements": result["parameters"]["n_meta_statements"],
        "representative_overlap_jaccard": _jaccard(ours_rep, reference_rep),
        "stability": result["parameters"]["stability"],
        "ours": {**ours_scores, "k": result["parameters"]["k"]},
        "baseline": {**baseline_scores, "k": len(set(truth)),
                     "method": "k-means with the true k on raw votes (missing = 0)"},
        "ratio": {"ari": _ratio(ours_scores["ari"], baseline_scores["ari"]),
                  "nmi": _ratio(ours_scores["nmi"], baseline_scores["nmi"])},
    }


def _jaccard(a: set, b: set) -> float:
    return round(len(a & b) / len(a | b), 4) if a | b else 1.0


def _representative_set(matrix: VoteMatrix, rows: list[int], labels: list, moderated) -> set:
    """Significant (statement, direction) pairs of the given grouping, computed as Pol.is does.

    Our repness statistics reproduce Pol.is's, so applied to Pol.is's own groups they give the
    statements Pol.is shows for them.
    """
    names = sorted(set(labels))
    group_of = np.array([names.index(label) for label in labels])
    membership = sp.csr_matrix((np.ones(len(rows)), (group_of, np.arange(len(rows)))), shape=(len(names), len(rows)))
    kept = [j for j, statement in enumerate(matrix.statements) if statement not in set(map(str, moderated))]
    counts = {name: np.asarray((membership @ matrix.indicator(value)[rows][:, kept]).todense())
              for name, value in (("agree", 1), ("disagree", -1), ("seen", None))}
    representative = representative_statements(counts, [matrix.statements[j] for j in kept])
    return {(s["statement"], s["direction"]) for group in representative for s in group if s["significant"]}


def compare_with_polis_math(fixture: str | Path, *, min_votes: int = 7, seed: int = 0,
                            method: str = "polis") -> dict:
    """Compare with a Pol.is math export: folder with votes.json, comments.json, math-pca2.json.

    Reports the ARI of the groups on participants both clustered, the
    correlation of the 2-D projections (sign-free) and the overlap of
    representative and consensus statements.
    """
    fixture = Path(fixture)
    votes = pd.DataFrame(read_json(fixture / "votes.json")).rename(
        columns={"pid": "voter-id", "tid": "comment-id", "modified": "timestamp"})
    comments = read_json(fixture / "comments.json")
    math = read_json(fixture / "math-pca2.json")
    moderated = [str(c["tid"]) for c in comments if c.get("mod") == -1]
    result = find_opinion_groups(votes, min_votes=min_votes, seed=seed, moderated_out=moderated, method=method)

    base = dict(zip(math["base-clusters"]["id"], zip(math["base-clusters"]["members"],
                                                       math["base-clusters"]["x"], math["base-clusters"]["y"])))
    polis_group, polis_xy = {}, {}
    for group in math["group-clusters"]:
        for base_id in group["members"]:
            members, x, y = base[base_id]
            for pid in members:
                polis_group[str(pid)] = group["id"]
                polis_xy[str(pid)] = (x, y)
    common = [v for v, g in result["participants"].items() if g is not None and v in polis_group]
    ours_xy = np.array([result["projection"][v] for v in common])
    theirs_xy = np.array([polis_xy[v] for v in common])
    correlation = [round(abs(float(np.corrcoef(ours_xy[:, i], theirs_xy[:, i])[0, 1])), 4) for i in range(2)]

    jaccard = _jaccard
    ours_rep = {(s["statement"], s["direction"]) for g in result["groups"] for s in g["representative"]}
    polis_rep = {(str(s["tid"]), s["repful-for"]) for reps in math["repness"].values() for s in reps}
    ours_consensus = {(c["statement"], c["direction"]) for c in result["consensus"]}
    polis_consensus = {(str(c["tid"]), direction) for direction, items in math["consensus"].items() for c in items}
    return {
        "task": "polis-math",
        "method": method,
        "n_participants_compared": len(common),
        "polis_in_conv": len(math["in-conv"]),
        "groups": {**_scores([polis_group[v] for v in common], [result["participants"][v] for v in common]),
                   "k_ours": result["parameters"]["k"], "k_polis": len(math["group-clusters"])},
        "projection_abs_correlation_xy": correlation,
        "representative_overlap_jaccard": jaccard(ours_rep, polis_rep),
        "consensus_overlap_jaccard": jaccard(ours_consensus, polis_consensus),
        "consensus_ours": sorted(ours_consensus),
        "consensus_polis": sorted(polis_consensus),
    }
