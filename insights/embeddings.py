"""Sentence vectors for "same meaning": the wordllama model, loaded from the installed wheel only.

The ``wordllama`` package (MIT, on PyPI) ships a static embedding model,
``l2_supercat`` (256 dimensions, 32,000 tokens, 16 MB), and its tokenizer
inside its wheel. A text's vector is the mean of its tokens' vectors, scaled
to unit length, so the dot product of two vectors is their cosine.

Nothing is downloaded and nothing leaves the machine. The two files are read
from the installed package's folder, the same files that
``WordLlama.load(cache_dir=<package folder>, disable_download=True)`` reads
(a bare ``WordLlama.load()`` looks for the tokenizer under ``tokenizer/``,
while the wheel has it under ``tokenizers/``, and then tries the network),
and checked against the SHA-256 of the 0.4.0.post1 wheel. They are read
directly, with ``safetensors`` and ``tokenizers``, because importing
``wordllama`` itself pulls in pydantic, requests and its training configs:
0.3 to 0.6 s on every ``insights dedupe`` run, for nothing the grouping uses.
A test checks that the vectors equal ``WordLlama``'s own. The model is
loaded once per process (``model()`` is cached; the app also keeps it in
``st.cache_resource``).

Texts are tokenized in one batch and pooled in buckets of similar length:
the same vectors as ``WordLlamaInference.embed``, about twice as fast.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_NAME = "wordllama l2_supercat 256"
DIMENSIONS = 256
_BUCKET = 512  # texts pooled at once: bounded memory (512 x longest x 256 floats)
_TOKENIZE = 4_096  # texts tokenized at once


@dataclass(frozen=True)
class Model:
    """The token vectors (with a zero row last, for padding) and the tokenizer."""

    vectors: np.ndarray  # (tokens + 1, DIMENSIONS) float32
    tokenizer: object  # tokenizers.Tokenizer
    name: str = MODEL_NAME


WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
# SHA-256 of the files in the wordllama 0.4.0.post1 wheel: another release's
# files could group differently, so they are refused rather than used silently.
SHA256 = {
    WEIGHTS: "64b47a2dc493cb8e85944076601189739852d7b64e0e1eedcb1937a251cd9fd5",
    TOKENIZER: "93248f2a9ec36c7b35f700a033d5f36228aae48db61aee31007fa49062cdeb68",
}


class ModelMissing(RuntimeError):
    """The installed wordllama package lacks the model files this release expects."""


def package_folder() -> Path:
    """The installed wordllama package (its wheel holds weights/ and tokenizers/), found
    without importing it."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing("The wordllama package is not installed: pip install wordllama.")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _checked(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise ModelMissing(f"The wordllama package has no {name}; reinstall wordllama 0.4.0.post1.")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256[name]:
        raise ModelMissing(
            f"{path} is not the file of wordllama 0.4.0.post1 (SHA-256 {digest[:12]}…); "
            "install that release: pip install wordllama==0.4.0.post1."
        )
    return path


def load_model() -> Model:
    """Load the model from the installed package's files; never from the network.

    Raises ModelMissing if the package or its files are missing or not the expected ones.
    """
    from safetensors import safe_open
    from tokenizers import Tokenizer

    folder = package_folder()
    tokenizer = Tokenizer.from_file(str(_checked(folder, TOKENIZER)))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    with safe_open(str(_checked(folder, WEIGHTS)), framework="np", device="cpu") as handle:
        weights = handle.get_tensor("embedding.weight")
    vectors = np.vstack([weights.astype(np.float32), np.zeros((1, DIMENSIONS), np.float32)])
    return Model(vectors=np.ascontiguousarray(vectors), tokenizer=tokenizer)


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
    pad = loaded.vectors.shape[0] - 1
    for first in range(0, len(texts), _TOKENIZE):
        # Tokenizer encodings are heavy objects: a few thousand at a time bounds memory.
        chunk = list(texts[first : first + _TOKENIZE])
        ids = [e.ids for e in loaded.tokenizer.encode_batch(chunk, add_special_tokens=False)]
        lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
        order = np.argsort(lengths, kind="stable")
        for start in range(0, len(order), _BUCKET):
            rows = order[start : start + _BUCKET]
            width = max(1, int(lengths[rows].max()))
            matrix = np.full((len(rows), width), pad, dtype=np.int64)
            for r, i in enumerate(rows.tolist()):
                matrix[r, : lengths[i]] = ids[i]
            out[rows + first] = loaded.vectors[matrix].sum(axis=1)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    # Rounded to float16, the precision they are stored in (insights.vectors): a
    # fresh vector and a stored one are the same, so the CLI and the app group alike.
    return out.astype(np.float16).astype(np.float32)


_REMEMBERED: OrderedDict[str, np.ndarray] = OrderedDict()
_REMEMBER = 20_000  # texts whose vectors a process keeps (5 MB)
_LOCK = threading.Lock()


def embed_remembered(texts: Sequence[str]) -> np.ndarray:
    """Like ``embed``, remembering the last texts' vectors in this process: pages that
    rerun on every click (theme and link suggestions) embed each text once."""
    with _LOCK:
        known = {t: _REMEMBERED[t] for t in texts if t in _REMEMBERED}
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    if missing:
        fresh = embed(missing)
        with _LOCK:
            for text, vector in zip(missing, fresh, strict=True):
                _REMEMBERED[text] = known[text] = vector
            while len(_REMEMBERED) > _REMEMBER:
                _REMEMBERED.popitem(last=False)
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for i, text in enumerate(texts):
        out[i] = known[text]
    return out


def text_key(text: str) -> str:
    """The key a text's vector is stored under: a hash of the model and the exact text
    (as the highlight holds it; hashing is cheaper than normalizing it first)."""
    # "stripped": vectors of the text without handles and links (stored before that, not read)
    return hashlib.sha1(f"{MODEL_NAME} stripped\x1f{text}".encode()).hexdigest()
