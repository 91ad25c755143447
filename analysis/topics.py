"""Theme clustering of citizen contributions with readable labels.

Pipeline: German TF-IDF (word + character n-grams, :mod:`analysis.text`) →
truncated SVD (latent semantic analysis) → L2 normalisation → k-means
(mini-batch k-means for large collections). The number of themes is chosen by
the silhouette coefficient on a sample; contributions far from every theme
centre (relative to the theme's typical member) are reported as outliers
(assignment ``None``) instead of being forced
into a theme. Labels are class-based TF-IDF terms mapped back to the most
frequent written form of each stem.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize as l2_normalize

from analysis.errors import NotEnoughDataError, ParameterError
from analysis.io import require_columns, to_frame
from analysis.text import TextVectorizer, documents_without_words, top_terms

LARGE_COLLECTION = 10_000  # from here on: mini-batch k-means and sampled SVD fit
SVD_FIT_SAMPLE = 20_000
SILHOUETTE_SAMPLE = 3_000
DEFAULT_OUTLIER_RATIO = 0.3


def find_topics(
    records,
    *,
    id_column: str = "id",
    text_column: str = "text",
    title_column: str | None = None,
    k: int | str = "auto",
    seed: int = 0,
    max_k: int | None = None,
    outlier_ratio: float = DEFAULT_OUTLIER_RATIO,
    n_terms: int = 8,
    n_representatives: int = 3,
    svd_components: int = 150,
) -> dict:
    """Group contributions into themes.

    ``records`` is a DataFrame or a list of dicts with an id, a text and
    optionally a title column. ``k`` is ``"auto"`` or a fixed number of themes.
    Returns the public JSON structure ``{"clusters": [...], "assignments":
    {id: theme id or None}, "parameters": {...}}``; clusters are sorted by size
    and carry ``id, label, terms, size, members, representatives``.

    A single contribution, or contributions that are all identical, yield one
    theme containing all of them. Raises :class:`NotEnoughDataError` when there
    are no contributions or none contains a content word, and :class:`ParameterError` when a fixed
    ``k`` is no whole number or more than :func:`max_themes` of the contributions with content words.
    """
    if k != "auto" and (isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1):
        raise ParameterError(f"The number of themes must be 'auto' or a whole number of at least 1, not {k!r}.")
    frame = to_frame(records)
    require_columns(frame, [id_column, text_column, title_column], source="The input")
    if frame.empty:
        raise NotEnoughDataError("There are no contributions to analyse.")
    ids = [str(value) for value in frame[id_column]]
    if len(set(ids)) != len(ids):
        raise NotEnoughDataError(f"The id column {id_column!r} contains duplicate ids.")
    texts = frame[text_column].fillna("").astype(str).tolist()
    titles = frame[title_column].fillna("").astype(str).tolist() if title_column else [None] * len(texts)

    empty = np.array(documents_without_words(titles, texts))
    if empty.all():
        raise NotEnoughDataError(
            "None of the contributions contains any content words; nothing to group."
        )
    used = np.flatnonzero(~empty)
    if k != "auto" and k > max_themes(len(used)):
        raise ParameterError(
            f"{k} themes were asked for, but {len(used)} contribution(s) with content words give at most "
            f"{max_themes(len(used))} themes (a theme needs at least two contributions); "
            "choose fewer themes or 'auto'."
        )
    vectorizer = TextVectorizer()
    features = vectorizer.fit_transform([titles[i] for i in used], [texts[i] for i in used])

    parameters = {
        "k_requested": k, "seed": seed, "n_documents": len(ids),
        "n_without_words": int(empty.sum()), "outlier_ratio": outlier_ratio,
    }
    embedding = _embed(features, svd_components, seed, parameters)
    labels, similarity = _cluster(embedding, k, seed, max_k, parameters)
    if len(used) > 2:
        labels = _mark_outliers(labels, similarity, outlier_ratio, min_size=2)

    clusters, cluster_of_row = _describe_clusters(
        labels, similarity, features_counts=vectorizer.word_counts_, vectorizer=vectorizer,
        ids=[ids[i] for i in used], n_terms=n_terms, n_representatives=n_representatives,
    )
    assignments = {doc_id: None for doc_id in ids}
    for row, doc_id in enumerate(ids[i] for i in used):
        assignments[doc_id] = cluster_of_row[row]
    parameters["k"] = len(clusters)
    parameters["n_outliers"] = sum(value is None for value in assignments.values())
    return {"clusters": clusters, "assignments": assignments, "parameters": parameters}


def max_themes(n_texts: int) -> int:
    """The most themes a fixed ``k`` may ask for with ``n_texts`` texts: every theme needs two of them
    (smaller groups become texts without a theme), and one text is one theme."""
    return max(1, n_texts // 2)


def _embed(features: sp.csr_matrix, n_components: int, seed: int, parameters: dict) -> np.ndarray:
    """LSA embedding: truncated SVD, then rows scaled to unit length."""
    n_docs, n_features = features.shape
    # Small collections support fewer latent dimensions; about one per ten
    # documents (at least 20) gave the most coherent themes on real data.
    n_components = min(n_components, max(20, n_docs // 10), n_docs - 1, n_features - 1)
    parameters["svd_components"] = n_components if n_components >= 2 else 0
    return lsa_embedding(features, n_components, seed, dtype=np.float32)


def lsa_embedding(features: sp.csr_matrix, n_components: int, seed: int, dtype=np.float64) -> np.ndarray:
    """Truncated SVD of a TF-IDF matrix (fitted on a seeded sample of SVD_FIT_SAMPLE rows for large
    inputs), rows scaled to unit length; fewer than 2 components: the normalised features themselves."""
    if n_components < 2:
        return l2_normalize(features.toarray())
    n_docs = features.shape[0]
    svd = TruncatedSVD(n_components=n_components, random_state=seed, n_iter=5)
    with warnings.catch_warnings():  # rank-deficient input (identical texts) is fine here
        warnings.simplefilter("ignore", RuntimeWarning)
        if n_docs > SVD_FIT_SAMPLE:
            sample = np.random.default_rng(seed).choice(n_docs, SVD_FIT_SAMPLE, replace=False)
            svd.fit(features[np.sort(sample)])
            embedding = svd.transform(features)
        else:
            embedding = svd.fit_transform(features)
    return l2_normalize(embedding.astype(dtype))


def _candidate_ks(n_docs: int, max_k: int | None) -> list[int]:
    upper = max_k or min(30, max(2, int(np.sqrt(n_docs / 2))))
    grid = [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 25, 30, 35, 40, 50, 60]
    return [k for k in grid if k <= min(upper, n_docs - 1)]


def _kmeans(n_clusters: int, n_docs: int, seed: int):
    if n_docs >= LARGE_COLLECTION:
        return MiniBatchKMeans(n_clusters, random_state=seed, n_init=3, batch_size=4096)
    return KMeans(n_clusters, random_state=seed, n_init=4)


def _cluster(embedding: np.ndarray, k, seed: int, max_k: int | None, parameters: dict):
    """Return (labels, leave-one-out cosine similarity of each row to its centre)."""
    n_docs = embedding.shape[0]
    distinct = np.unique(np.round(embedding, 6), axis=0).shape[0]
    if distinct < 2 or n_docs < 3:
        labels = np.zeros(n_docs, dtype=int)
    elif k != "auto":
        model = _kmeans(min(int(k), distinct), n_docs, seed).fit(embedding)
        labels = model.labels_
    else:
        rng = np.random.default_rng(seed)
        sample = rng.choice(n_docs, min(n_docs, SILHOUETTE_SAMPLE), replace=False)
        scores, models = {}, {}
        for candidate in _candidate_ks(distinct, max_k):
            model = _kmeans(candidate, n_docs, seed).fit(embedding)
            sample_labels = model.labels_[sample]
            if len(np.unique(sample_labels)) < 2:
                continue
            scores[candidate] = float(silhouette_score(embedding[sample], sample_labels, metric="cosine"))
            models[candidate] = model
        parameters["silhouette"] = {str(c): round(s, 4) for c, s in scores.items()}
        labels = models[max(scores, key=scores.get)].labels_ if scores else np.zeros(n_docs, dtype=int)
    return labels.astype(int), _leave_one_out_similarity(embedding, labels)


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


def _mark_outliers(labels: np.ndarray, similarity: np.ndarray, ratio: float, min_size: int) -> np.ndarray:
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


def _describe_clusters(labels, similarity, *, features_counts, vectorizer, ids, n_terms, n_representatives):
    """Build the public cluster dicts, sorted by size, and a row → cluster id list."""
    names = vectorizer.word_feature_names
    present = [c for c in np.unique(labels) if c >= 0]
    present.sort(key=lambda c: (-(labels == c).sum(), c))
    # Class-based TF-IDF: term frequency within a theme, weighted by how rare the
    # term is across all themes (Grootendorst 2022, BERTopic).
    per_cluster = (
        sp.vstack([sp.csr_matrix(features_counts[labels == c].sum(axis=0)) for c in present]) if present else None
    )
    clusters, cluster_of_row = [], [None] * len(labels)
    if per_cluster is not None:
        per_cluster = per_cluster.toarray()
        totals = per_cluster.sum(axis=0)
        mean_words = per_cluster.sum() / len(present)
        idf = np.log1p(mean_words / np.maximum(totals, 1))
        tf = per_cluster / np.maximum(per_cluster.sum(axis=1, keepdims=True), 1)
        c_tf_idf = tf * idf
    for new_id, cluster in enumerate(present):
        rows = np.flatnonzero(labels == cluster)
        for row in rows:
            cluster_of_row[row] = new_id
        terms = _readable_terms(c_tf_idf[new_id], names, vectorizer, n_terms)
        closest = rows[np.argsort(-similarity[rows], kind="stable")][:n_representatives]
        clusters.append({
            "id": new_id,
            "label": ", ".join(terms[:3]) if terms else f"Thema {new_id + 1}",
            "terms": terms,
            "size": int(len(rows)),
            "members": [ids[row] for row in rows],
            "representatives": [ids[row] for row in closest],
        })
    return clusters, cluster_of_row


def _readable_terms(scores, names, vectorizer, limit: int) -> list[str]:
    """Top terms as written words, skipping unigrams already contained in a chosen bigram."""
    chosen: list[str] = []  # stem n-grams
    for index in top_terms(scores, names, limit * 3):
        parts = names[index].split(" ")
        if any(set(parts) <= set(term.split(" ")) for term in chosen):
            continue  # already covered by a chosen term
        # A bigram replaces the unigrams it contains ("Bäume", "Bäume pflanzen").
        chosen = [term for term in chosen if not set(term.split(" ")) <= set(parts)]
        chosen.append(names[index])
        if len(chosen) == limit:
            break
    terms: list[str] = []
    for term in chosen:
        readable = vectorizer.readable(term)
        if readable.casefold() not in (existing.casefold() for existing in terms):
            terms.append(readable)
    return terms
