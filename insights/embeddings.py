"""Sentence vectors for "same meaning": the wordllama model, loaded from the installed wheel only.

The ``wordllama`` package (MIT, on PyPI) ships a static embedding model,
``l2_supercat`` (256 dimensions, 32,000 tokens, 16 MB), and its tokenizer
inside its wheel. A text's vector is the mean of its tokens' vectors, scaled
to unit length, so the dot product of two vectors is their cosine.

Nothing is downloaded and nothing leaves the machine: the model is loaded with
``cache_dir`` set to the package's own folder and ``disable_download=True``
(a bare ``WordLlama.load()`` looks for the tokenizer under ``tokenizer/``,
while the wheel has it under ``tokenizers/``, and then tries the network).
It is loaded once per process (``model()`` is cached; the app also keeps it
in ``st.cache_resource``).

The pooling is done here rather than by ``WordLlamaInference.embed``: texts
are tokenized in one batch and pooled in buckets of similar length, which
gives the same vectors about twice as fast.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_NAME = "wordllama l2_supercat 256"
DIMENSIONS = 256
_BUCKET = 512  # texts pooled at once: bounded memory (512 x longest x 256 floats)


@dataclass(frozen=True)
class Model:
    """The token vectors (with a zero row last, for padding) and the tokenizer."""

    vectors: np.ndarray  # (tokens + 1, DIMENSIONS) float32
    tokenizer: object  # tokenizers.Tokenizer
    name: str = MODEL_NAME


def package_folder() -> Path:
    """The installed wordllama package: its wheel holds weights/ and tokenizers/."""
    import wordllama

    return Path(wordllama.__file__).resolve().parent


def load_model() -> Model:
    """Load the model from the installed package; never from the network.

    Raises FileNotFoundError if the package lacks its weights or tokenizer.
    """
    from wordllama import WordLlama

    loaded = WordLlama.load(
        "l2_supercat", cache_dir=package_folder(), dim=DIMENSIONS, disable_download=True
    )
    tokenizer = loaded.tokenizer
    tokenizer.no_padding()
    tokenizer.no_truncation()
    vectors = np.vstack([loaded.embedding, np.zeros((1, DIMENSIONS), dtype=np.float32)])
    return Model(vectors=np.ascontiguousarray(vectors, dtype=np.float32), tokenizer=tokenizer)


@lru_cache(maxsize=1)
def model() -> Model:
    """The model, loaded once per process."""
    return load_model()


def embed(texts: Sequence[str], loaded: Model | None = None) -> np.ndarray:
    """Unit-length vectors (n, DIMENSIONS), float32, one per text; an empty text gets zeros."""
    loaded = loaded or model()
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    if not len(texts):
        return out
    encoded = loaded.tokenizer.encode_batch(list(texts), add_special_tokens=False)
    ids = [e.ids for e in encoded]
    lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
    pad = loaded.vectors.shape[0] - 1
    order = np.argsort(lengths, kind="stable")
    for start in range(0, len(order), _BUCKET):
        rows = order[start : start + _BUCKET]
        width = max(1, int(lengths[rows].max()))
        matrix = np.full((len(rows), width), pad, dtype=np.int64)
        for r, i in enumerate(rows.tolist()):
            matrix[r, : lengths[i]] = ids[i]
        out[rows] = loaded.vectors[matrix].sum(axis=1)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


def text_key(text: str) -> str:
    """The key a text's vector is stored under: a hash of the model and the exact text."""
    return hashlib.sha1(f"{MODEL_NAME}\x1f{text}".encode()).hexdigest()
