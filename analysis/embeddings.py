"""Text representations for theme clustering: LSA of German TF-IDF, optionally with static subword vectors.

* ``"lsa"`` – truncated SVD of the TF-IDF features of :mod:`analysis.text`;
* ``"lsa+wordllama"`` – the LSA rows next to the mean of the WordLlama
  ``l2_supercat`` token embeddings (256 dimensions, 32,000 LLaMA-2 subword
  tokens, MIT licence, shipped inside the ``wordllama`` wheel – nothing is
  downloaded). Both blocks are centred/normalised and weigh the same.

The comparison that chose the default is in ``analysis/README.md``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize as l2_normalize

from analysis.errors import ParameterError

REPRESENTATIONS = ("lsa", "lsa+wordllama")
DEFAULT_REPRESENTATION = "lsa+wordllama"
SVD_FIT_SAMPLE = 20_000
ENCODE_BATCH = 2_000
_SPECIAL_TOKENS = 3  # <unk>, <s>, </s> of the LLaMA-2 vocabulary


def check_representation(name: str) -> str:
    """Return ``name`` if it is a known representation, else raise :class:`ParameterError`."""
    if name not in REPRESENTATIONS:
        raise ParameterError(f"Unknown text representation {name!r}; choose one of {', '.join(REPRESENTATIONS)}.")
    return name


def embed_texts(features: sp.csr_matrix, texts: list[str], *, representation: str, n_components: int,
                seed: int, progress: Callable[[float], None] | None = None) -> np.ndarray:
    """Unit-length rows representing the texts (see the module docstring for the choices).

    ``progress(fraction)`` is called after the LSA and per batch of the subword vectors."""
    lsa = lsa_embedding(features, n_components, seed, dtype=np.float32)
    if progress:
        progress(0.4)
    return with_static_vectors(lsa, texts, representation=representation,
                               progress=(lambda fraction: progress(0.4 + 0.6 * fraction)) if progress else None)


def with_static_vectors(lsa: np.ndarray, texts: list[str], *, representation: str,
                        progress: Callable[[float], None] | None = None) -> np.ndarray:
    """The LSA rows, next to the subword vectors of the texts if the representation asks for them.

    Separate from the LSA step so that callers can free the TF-IDF matrix first (peak memory)."""
    if check_representation(representation) == "lsa":
        return lsa
    return l2_normalize(np.hstack([lsa, wordllama_embedding(texts, progress)]))


def lsa_embedding(features: sp.csr_matrix, n_components: int, seed: int, dtype=np.float64) -> np.ndarray:
    """Truncated SVD of a TF-IDF matrix (fitted on a seeded sample of SVD_FIT_SAMPLE rows for large
    inputs), rows scaled to unit length; fewer than 2 components: the normalised features themselves."""
    if n_components < 2:
        return l2_normalize(features.toarray()).astype(dtype)
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


def wordllama_embedding(texts: list[str], progress: Callable[[float], None] | None = None) -> np.ndarray:
    """Mean of the static WordLlama token vectors of each text, centred over the texts, unit length."""
    tokenizer, vectors = _wordllama_model()
    texts = list(texts)
    indptr, indices = [0], []
    batch = ENCODE_BATCH  # tokenizer Encoding objects are large: encode a few thousand texts at a time
    for start in range(0, len(texts), batch):
        for item in tokenizer.encode_batch(texts[start:start + batch]):
            indices.extend(token for token in item.ids if token >= _SPECIAL_TOKENS)
            indptr.append(len(indices))
        if progress:
            progress(min(1.0, (start + batch) / len(texts)))
    counts = sp.csr_matrix((np.ones(len(indices), dtype=np.float32), indices, indptr),
                           shape=(len(texts), vectors.shape[0]))
    lengths = np.maximum(np.asarray(counts.sum(axis=1)).ravel(), 1)
    mean = np.asarray(counts @ vectors) / lengths[:, None]
    mean -= mean.mean(axis=0)
    return l2_normalize(mean.astype(np.float32))


@lru_cache(maxsize=1)
def _wordllama_model():
    """The tokenizer and the float32 token vectors shipped in the wordllama wheel."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    spec = find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise ParameterError("The text representation 'lsa+wordllama' needs the package wordllama; "
                             "install it or choose 'lsa'.")
    root = Path(next(iter(spec.submodule_search_locations)))
    tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    vectors = load_file(str(root / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"]
    return tokenizer, vectors.astype(np.float32)
