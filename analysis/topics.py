"""Theme clustering of citizen contributions, per pillar and across pillars.

Pipeline: substance filter (:mod:`analysis.substance`: texts without content
are kept out and counted by reason) → German TF-IDF (:mod:`analysis.text`) →
representation (:mod:`analysis.embeddings`: LSA, by default next to static
WordLlama subword vectors) → placement in pillars (:mod:`analysis.topic_groups`;
survey answers may move to the pillar their content fits) → k-means per pillar
with an automatic k by normalised stability (:mod:`analysis.topic_k`) →
similar themes of different pillars merged into cross-cutting themes →
labels (:mod:`analysis.labels`) and quotes (:mod:`analysis.quotes`).
Contributions far from every theme centre (relative to the theme's typical
member) are reported as outliers (assignment ``None``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from analysis.embeddings import DEFAULT_REPRESENTATION, check_representation, lsa_embedding, with_static_vectors
from analysis.errors import NotEnoughDataError, ParameterError
from analysis.io import require_columns, to_frame
from analysis.labels import label_themes
from analysis.quotes import select_quotes
from analysis.substance import assess_substance, count_reasons
from analysis.text import TextVectorizer
from analysis.topic_groups import cross_cutting_components, place_in_groups
from analysis.topic_k import candidate_ks, choose_k, kmeans

DEFAULT_OUTLIER_RATIO = 0.3
GROUP_K_RANGE = (3, 8)  # themes per pillar ("typically 3–8"); small pillars get fewer
MIN_AUTO_K = 3
REASON_SENTENCES = {
    "no_words": "contain no content words",
    "short": "are too short to carry a theme",
    "stock_reply": "are recurring stock replies",
}

Progress = Callable[[str, float], None]


def _single_threaded(function):
    """Run ``function`` with one thread for linear algebra.

    With the CPU shared by other processes, OpenBLAS threads waiting for each
    other made the LSA step six times slower (25 s instead of 4 s for 5,000
    texts on 2 busy cores); one thread is never much slower.
    """
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with threadpool_limits(limits=1):
            return function(*args, **kwargs)
    return wrapper


@_single_threaded
def find_topics(
    records,
    *,
    id_column: str = "id",
    text_column: str = "text",
    title_column: str | None = None,
    group_column: str | None = None,
    group_prior_column: str | None = None,
    context_column: str | None = None,
    k: int | str = "auto",
    seed: int = 0,
    progress: Progress | None = None,
    max_k: int | None = None,
    outlier_ratio: float = DEFAULT_OUTLIER_RATIO,
    n_terms: int = 8,
    n_representatives: int = 3,
    svd_components: int = 150,
    representation: str = DEFAULT_REPRESENTATION,
) -> dict:
    """Group the contributions that carry content into themes, per pillar and across pillars.

    ``records`` is a DataFrame or a list of dicts. ``group_column`` holds the
    pillar key (empty = none); where ``group_prior_column`` is true the pillar is
    only a prior. ``context_column`` (optional) names what a text answers, used
    to recognise stock replies (default: the pillar). ``k`` is ``"auto"`` or a
    whole number of themes (per pillar when there are pillars). ``progress(stage,
    fraction)`` is called often with stages filter, embed, cluster, label, quotes.

    Returns ``{"clusters", "assignments", "excluded", "parameters"}`` plus
    ``"groups"`` with a ``group_column`` (format: analysis/README.md). Raises
    :class:`NotEnoughDataError` for no contributions, duplicate ids or no
    contribution with content, :class:`ParameterError` for a bad ``k``.
    """
    if k != "auto" and (isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1):
        raise ParameterError(f"The number of themes must be 'auto' or a whole number of at least 1, not {k!r}.")
    check_representation(representation)
    report = _reporter(progress)
    frame = to_frame(records)
    require_columns(frame, [id_column, text_column, title_column, group_column, group_prior_column,
                            context_column], source="The input")
    if frame.empty:
        raise NotEnoughDataError("There are no contributions to analyse.")
    ids = [str(value) for value in frame[id_column]]
    if len(set(ids)) != len(ids):
        raise NotEnoughDataError(f"The id column {id_column!r} contains duplicate ids.")
    texts = frame[text_column].fillna("").astype(str).tolist()
    titles = frame[title_column].fillna("").astype(str).tolist() if title_column else [None] * len(texts)
    groups = _optional_strings(frame, group_column)
    prior = _flags(frame[group_prior_column]) if group_prior_column else [False] * len(ids)
    contexts = _optional_strings(frame, context_column) if context_column else (groups if group_column else None)

    report("filter", 0.0)
    reasons = assess_substance(titles, texts, contexts)
    report("filter", 1.0)
    used = [i for i, reason in enumerate(reasons) if reason is None]
    if not used:
        raise NotEnoughDataError(_nothing_left_sentence(reasons))
    if k != "auto" and not group_column and k > max_themes(len(used)):
        raise ParameterError(
            f"{k} themes were asked for, but {len(used)} contribution(s) with content give at most "
            f"{max_themes(len(used))} themes (a theme needs at least two contributions); "
            "choose fewer themes or 'auto'."
        )

    report("embed", 0.0)
    joined = [_joined(titles[i], texts[i]) for i in used]
    embedding, n_components = _embed([titles[i] for i in used], [texts[i] for i in used], joined,
                                     representation, svd_components, seed, report)
    report("embed", 1.0)

    placed = place_in_groups(embedding, [groups[i] for i in used], [prior[i] for i in used])
    parameters = {
        "k_requested": k, "seed": seed, "n_documents": len(ids), "representation": representation,
        "svd_components": n_components if n_components >= 2 else 0, "outlier_ratio": outlier_ratio,
        "n_excluded": count_reasons(reasons), "n_without_words": count_reasons(reasons)["no_words"],
    }
    themes = _cluster_partitions(embedding, placed, k, seed, max_k, outlier_ratio, parameters, report)
    if group_column:
        themes = _merge_cross_cutting(themes, embedding)
    clusters = _describe(themes, embedding, joined, [ids[i] for i in used], n_terms, n_representatives, report)

    assignments = {doc_id: None for doc_id in ids}
    for cluster in clusters:
        for member in cluster["members"]:
            assignments[member] = cluster["id"]
    parameters["k"] = len(clusters)
    parameters["k_by_group"] = {str(key): sum(c["group"] == key for c in clusters)
                                for key in dict.fromkeys(c["group"] for c in clusters) if key is not None}
    parameters["k_cross_cutting"] = sum(c["group"] is None for c in clusters)
    parameters["n_outliers"] = sum(assignments[ids[i]] is None for i in used)
    result = {"clusters": clusters, "assignments": assignments,
              "excluded": {ids[i]: reason for i, reason in enumerate(reasons) if reason is not None},
              "parameters": parameters}
    if group_column:
        result["groups"] = {ids[i]: placed[row] for row, i in enumerate(used)}
    return result


def max_themes(n_texts: int) -> int:
    """The most themes a fixed ``k`` may ask for with ``n_texts`` texts: every theme needs two of them
    (smaller groups become texts without a theme), and one text is one theme."""
    return max(1, n_texts // 2)


def _reporter(progress: Progress | None) -> Progress:
    def report(stage: str, fraction: float) -> None:
        if progress is not None:
            progress(stage, float(min(1.0, max(0.0, fraction))))
    return report


def _embed(titles, texts, joined, representation, svd_components, seed, report):
    """Unit rows for the texts and the number of LSA components; the TF-IDF matrix is freed before
    the subword vectors are computed, so the two peaks of memory do not add up."""
    vectorizer = TextVectorizer()
    features = vectorizer.fit_transform(titles, texts, progress=lambda fraction: report("embed", 0.4 * fraction))
    report("embed", 0.4)
    n_components = min(svd_components, max(20, len(texts) // 10), len(texts) - 1, features.shape[1] - 1)
    lsa = lsa_embedding(features, n_components, seed, dtype=np.float32)
    del features, vectorizer
    report("embed", 0.6)
    embedding = with_static_vectors(lsa, joined, representation=representation,
                                    progress=lambda fraction: report("embed", 0.6 + 0.4 * fraction))
    return embedding, n_components


def _optional_strings(frame, column: str | None) -> list[str | None]:
    """The column as stripped strings, empty/missing as None; whole floats without ".0" (a pandas
    column of ids with gaps is float: 3.0 is pillar "3")."""
    if not column:
        return [None] * len(frame)
    values = []
    for value in frame[column].astype(object).tolist():
        if value is None or (isinstance(value, float) and value != value):
            values.append(None)
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        values.append(str(value).strip() or None)
    return values


TRUE_VALUES = frozenset({"1", "1.0", "true", "yes", "ja", "wahr", "x"})


def _flags(column) -> list[bool]:
    """Booleans from a column of booleans, numbers or words ("true", "1", "ja"; empty = false)."""
    return [value is True or (value is not None and value is not False and value == value
                              and str(value).strip().casefold() in TRUE_VALUES)
            for value in column.astype(object)]


def _joined(title: str | None, text: str) -> str:
    return f"{title}\n{text}" if title else text


def _nothing_left_sentence(reasons: list[str | None]) -> str:
    counts = {reason: count for reason, count in count_reasons(reasons).items() if count}
    parts = [f"{count} {REASON_SENTENCES[reason]}" for reason, count in counts.items()]
    return f"No contribution carries a theme: {', '.join(parts)}."


def _cluster_partitions(embedding, placed, k, seed, max_k, outlier_ratio, parameters, report):
    """k-means within each pillar (records without a pillar form their own partition).

    Returns themes as dicts ``{"group", "rows"}`` in pillar order (first seen, no pillar last)."""
    keys = list(dict.fromkeys(key for key in placed if key is not None))
    if any(key is None for key in placed):
        keys.append(None)
    grouped = len(keys) > 1 or keys != [None]
    themes, scores = [], {}
    for number, key in enumerate(keys):
        rows = np.array([i for i, value in enumerate(placed) if value == key])

        def partial(fraction, number=number):
            report("cluster", (number + fraction) / len(keys))

        low, high = GROUP_K_RANGE if grouped else (MIN_AUTO_K, max_k or _default_max_k(len(rows)))
        labels, score = _cluster_rows(embedding[rows], k, seed, low, high, partial)
        if score:
            scores[str(key) if key is not None else ""] = score
        if len(rows) > 2:
            labels = _mark_outliers(labels, _leave_one_out_similarity(embedding[rows], labels), outlier_ratio)
        for cluster in np.unique(labels[labels >= 0]):
            themes.append({"group": key, "rows": rows[labels == cluster]})
        report("cluster", (number + 1) / len(keys))
    parameters["stability"] = scores if grouped else scores.get("", {})
    return themes


def _default_max_k(n_docs: int) -> int:
    """Upper bound of the automatic k without pillars: sqrt(n/2), from 3 to 30."""
    return min(30, max(MIN_AUTO_K, int(np.sqrt(n_docs / 2))))


def _distinct_rows(embedding: np.ndarray) -> int:
    """Number of distinct rows (identical texts share a row), via a fixed random projection."""
    direction = np.random.default_rng(0).normal(size=embedding.shape[1])
    return int(np.unique(np.round(embedding @ direction, 5)).size)


def _cluster_rows(embedding, k, seed, low, high, progress):
    """Labels for one partition and the k-selection scores (empty for a fixed k)."""
    n_docs = len(embedding)
    distinct = _distinct_rows(embedding)
    if distinct < 2 or n_docs < 3:
        return np.zeros(n_docs, dtype=int), {}
    if k != "auto":
        n_clusters = min(int(k), distinct, max_themes(n_docs))
        return kmeans(n_clusters, n_docs, seed).fit(embedding).labels_.astype(int), {}
    ks = candidate_ks(distinct, low, high)
    if len(ks) < 2:
        n_clusters = min(ks[0] if ks else 1, distinct)
        return kmeans(n_clusters, n_docs, seed).fit(embedding).labels_.astype(int), {}
    chosen, scores = choose_k(embedding, ks, seed, lambda fraction: progress(0.9 * fraction))
    return kmeans(chosen, n_docs, seed).fit(embedding).labels_.astype(int), scores


def _leave_one_out_similarity(embedding: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Cosine similarity of each row to the centre of the *other* members of its cluster.

    Leaving the row out matters for small themes, where a lone unrelated text
    would otherwise look close to a centre it dominates itself.
    """
    sums = np.zeros((labels.max() + 1, embedding.shape[1]), dtype=np.float64)
    np.add.at(sums, labels, embedding)
    others = sums[labels] - embedding
    norms = np.linalg.norm(others, axis=1)
    dots = np.einsum("ij,ij->i", embedding, others)
    return np.divide(dots, norms, out=np.zeros(len(labels)), where=norms > 1e-9)


def _mark_outliers(labels: np.ndarray, similarity: np.ndarray, ratio: float, min_size: int = 2) -> np.ndarray:
    """Set label -1 for rows far from their centre and for themes smaller than ``min_size``.

    "Far" is relative to the theme: similarity below ``ratio`` × the theme's
    median similarity. Absolute cosine values depend too much on corpus size
    and text length to use one fixed cut-off.
    """
    labels = labels.copy()
    medians = np.array([np.median(similarity[labels == c]) if (labels == c).any() else 0.0
                        for c in range(labels.max() + 1)])
    labels[similarity < ratio * medians[labels]] = -1
    for cluster in np.unique(labels[labels >= 0]):
        if (labels == cluster).sum() < min_size:
            labels[labels == cluster] = -1
    return labels


def _merge_cross_cutting(themes: list[dict], embedding: np.ndarray) -> list[dict]:
    """Replace sets of near-identical themes from different pillars by one cross-cutting theme."""
    pillar_themes = [i for i, theme in enumerate(themes) if theme["group"] is not None]
    if len({themes[i]["group"] for i in pillar_themes}) < 2:
        return themes
    mean = embedding.mean(axis=0)
    centres = np.array([embedding[themes[i]["rows"]].mean(axis=0) - mean for i in pillar_themes])
    merged = set()
    crossing = []
    for component in cross_cutting_components(centres, [themes[i]["group"] for i in pillar_themes]):
        members = [pillar_themes[i] for i in component]
        merged.update(members)
        crossing.append({"group": None, "rows": np.concatenate([themes[i]["rows"] for i in members])})
    return [theme for i, theme in enumerate(themes) if i not in merged] + crossing


def _describe(themes, embedding, texts, ids, n_terms, n_representatives, report):
    """Public cluster dicts: sorted by pillar (first seen, cross-cutting last), then size."""
    order = list(dict.fromkeys(theme["group"] for theme in themes if theme["group"] is not None)) + [None]
    themes = sorted(themes, key=lambda t: (order.index(t["group"]), -len(t["rows"]), int(t["rows"].min())))
    # One call for all themes, whatever their pillar: every theme is contrasted with all others, so no two
    # themes of the report share a label (a pillar's themes alone would be told apart only from each other).
    report("label", 0.0)
    labels = label_themes([[texts[row] for row in theme["rows"]] for theme in themes], background=texts,
                          n_terms=n_terms)
    report("label", 1.0)
    clusters = []
    for number, theme in enumerate(themes):
        rows = np.sort(theme["rows"])
        centre = embedding[rows].mean(axis=0)
        picked = select_quotes([texts[row] for row in rows], embedding[rows], centre, limit=n_representatives)
        clusters.append({
            "id": number, "label": labels[number].label, "terms": labels[number].terms,
            "size": int(len(rows)), "members": [ids[row] for row in rows],
            "representatives": [ids[rows[index]] for index in picked], "group": theme["group"],
        })
        report("quotes", (number + 1) / len(themes))
    return clusters
