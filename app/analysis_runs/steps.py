"""The analysis steps of a run: each calls the `analysis` library on collected records.

Too little data is not an error: a step then returns no result and a note key
(see labels.NOTE_LABELS), and the run still finishes.
"""
from __future__ import annotations

import numpy as np

from analysis.errors import NotEnoughDataError, ParameterError
from analysis.privacy import redact_contacts
from app.analysis_runs.collect import Collected
from app.analysis_runs.labels import group_name

MAX_DUPLICATE_PAIRS = 200
MIN_OPINION_PARTICIPANTS = 4  # analysis.opinions.MIN_PARTICIPANTS


def themes(collected: Collected, k, seed: int, progress=None) -> tuple[dict | None, str | None]:
    """Themes per pillar and across pillars (``analysis.find_topics``): (result, note).

    Short acknowledgements and stock replies are kept out of the themes by the library (their reasons are
    in ``result["excluded"]``). ``progress(stage, fraction)`` is passed on to the library.
    """
    from analysis import find_topics
    from analysis.text import documents_without_words

    if not collected.records:
        return None, "no_texts"
    try:
        # context: what a text answers (a comment its proposal), so that a stock reply is one that recurs
        # under many different proposals
        result = find_topics(collected.records, title_column="title", group_column="pillar",
                             group_prior_column="pillar_is_prior", context_column="context", k=k, seed=seed,
                             progress=progress)
    except NotEnoughDataError:
        titles = [record["title"] for record in collected.records]
        texts = [record["text"] for record in collected.records]
        return None, "no_words" if all(documents_without_words(titles, texts)) else "no_substance"
    except ParameterError:  # a fixed number of themes larger than the texts allow
        return None, "too_many_themes"
    return result, None


def projection(collected: Collected, assignments: dict, seed: int) -> dict:
    """2-D positions for the theme map: {record id: (x, y) or None}."""
    from analysis.projection import project_texts

    if not collected.records:
        return {}
    try:
        return project_texts(collected.records, title_column="title", assignments=assignments, seed=seed)
    except NotEnoughDataError:
        return {}


def duplicates(collected: Collected, threshold: float) -> tuple[dict, str | None]:
    """Near-duplicate proposals (``analysis.find_duplicates``), as pairs of references."""
    from analysis import find_duplicates

    proposals = [record for record in collected.records if record["kind"] == "proposal"]
    if len(proposals) < 2:
        return {"pairs": [], "total": 0}, "few_proposals"
    found = find_duplicates(proposals, title_column="title", threshold=threshold)["pairs"]
    by_id = {record["id"]: record for record in proposals}
    pairs = [{"a": by_id[pair["a"]]["reference"], "a_title": redact_contacts(by_id[pair["a"]]["title"]),
              "b": by_id[pair["b"]]["reference"], "b_title": redact_contacts(by_id[pair["b"]]["title"]),
              "similarity": pair["score"]} for pair in found[:MAX_DUPLICATE_PAIRS]]
    return {"pairs": pairs, "total": len(found)}, None


def opinions(collected: Collected, min_votes: int, seed: int) -> tuple[dict | None, str | None]:
    """Opinion groups over the votes on proposals (``analysis.find_opinion_groups``, Pol.is method).

    Only group sizes, head counts, statements (proposal references and titles, with their vote
    counts) and the stability figures are kept; which participant is in which group, and the
    projection of participants, are dropped.
    """
    from analysis import VoteMatrix, find_opinion_groups
    from analysis.polis_groups import polis_inclusion

    if len(collected.values) == 0:
        return None, "no_votes"
    statements, columns = np.unique(collected.statements, return_inverse=True)
    matrix = VoteMatrix(voters=[str(i) for i in range(int(collected.voters.max()) + 1)],
                        statements=[str(s) for s in statements], rows=collected.voters,
                        cols=columns.astype(np.int64), values=collected.values)
    if len(polis_inclusion(matrix.votes_per_voter(), len(statements), min_votes)) < MIN_OPINION_PARTICIPANTS:
        return None, "few_voters"
    try:
        result = find_opinion_groups(matrix, min_votes=min_votes, seed=seed)
    except NotEnoughDataError:
        return None, "identical_votes"
    return _stored_opinions(result, collected, min_votes), None


def _stored_opinions(result: dict, collected: Collected, min_votes: int) -> dict:
    """The part of an opinion-group result a run keeps (no participant → group mapping)."""
    proposals = {record["source_id"]: record for record in collected.records if record["kind"] == "proposal"}
    voters = int(np.count_nonzero(np.bincount(collected.voters)))

    def statement(entry: dict) -> dict:
        proposal = proposals[int(entry["statement"])]
        stored = {"ref": proposal["reference"], "title": redact_contacts(proposal["title"]),
                  "direction": entry["direction"], "agree_ratio": round(float(entry["agree_ratio"]), 4),
                  "n_votes": int(entry["n_seen"])}
        if "rest_n_seen" in entry:
            stored.update(rest_agree_ratio=entry["rest_agree_ratio"], rest_n_votes=int(entry["rest_n_seen"]))
        else:
            stored.update(group_n_votes=entry["group_n_seen"], group_agree_ratios=entry["group_agree_ratios"])
        return stored

    parameters = result["parameters"]
    stability = parameters.get("stability") or {}
    return {
        "participants": voters,
        "clustered": parameters["n_clustered"],
        "min_votes": min_votes,
        "method": parameters["method"],
        "stability": {"seeds": stability.get("seeds"), "subsamples": stability.get("subsamples")},
        "groups": [{"id": group_name(group["id"]), "size": group["size"],
                    "representative": [statement(entry) for entry in group["representative"]]}
                   for group in result["groups"]],
        "consensus": [statement(entry) for entry in result["consensus"]],
    }
