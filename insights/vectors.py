"""Sentence vectors kept in the store, so each distinct text is embedded once.

Grouping by meaning needs a vector per highlight. Embedding 10,000 notes
takes about a second; reading them back takes a few milliseconds. So the
vectors live in the ``text_vectors`` table, keyed by a hash of the model's
name and the exact text (``insights.embeddings.text_key``): a re-import
that changes 10 notes embeds those 10, and vectors of texts no longer in the
workspace are dropped at that moment. Writing them is derived data, not a
person's action: it bumps no revision and records no event.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress

import numpy as np
from sqlalchemy import and_, delete, select
from sqlalchemy.exc import IntegrityError

from insights import schema
from insights.embeddings import DIMENSIONS, Model, embed, text_key
from insights.store import Store

_CHUNK = 500  # keys per IN (...) query


def _encode(vector: np.ndarray) -> bytes:
    return vector.astype("<f2").tobytes()


def _decode(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<f2").astype(np.float32)


def stored_vectors(
    store: Store,
    workspace: str,
    texts: Sequence[str],
    *,
    keep: Sequence[str] | None = None,
    loaded: Model | None = None,
) -> np.ndarray:
    """Unit vectors (n, DIMENSIONS) for ``texts``: read from the store, the missing embedded
    and saved. ``keep`` (all the workspace's texts, by default ``texts``) says which stored
    vectors are still wanted when new ones are saved; the others are dropped."""
    from insights.near_duplicates import meaning_text

    keys = [text_key(t) for t in texts]
    vt = schema.text_vectors
    found: dict[str, np.ndarray] = {}
    with store.reading() as conn:
        workspace_id = store.workspace_in(conn, workspace).id
        # The table holds only this workspace's current texts (stale ones are dropped):
        # one query for all of them beats many IN (...) lists.
        wanted_keys = set(keys)
        rows = conn.execute(
            select(vt.c.text_key, vt.c.vector).where(vt.c.workspace_id == workspace_id)
        ).all()
    picked = [(key, blob) for key, blob in rows if key in wanted_keys]
    if picked:
        matrix = np.frombuffer(b"".join(blob for _, blob in picked), dtype="<f2")
        matrix = matrix.reshape(len(picked), DIMENSIONS).astype(np.float32)
        found = {key: matrix[i] for i, (key, _) in enumerate(picked)}
    missing = [i for i, key in enumerate(keys) if key not in found]
    if missing:
        first = {}
        for i in missing:
            first.setdefault(keys[i], i)
        fresh = embed([meaning_text(texts[i]) for i in first.values()], loaded)
        rows = []
        for key, vector in zip(first, fresh, strict=True):
            found[key] = vector  # already at the stored precision
            rows.append({"workspace_id": workspace_id, "text_key": key, "vector": _encode(vector)})
        wanted = {text_key(t) for t in (keep if keep is not None else texts)}
        wanted |= set(first)
        # Another session may have saved the same texts first: theirs are the same vectors.
        with suppress(IntegrityError):
            _save(store, workspace_id, rows, wanted)
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = found[key]
    return out


def _save(store: Store, workspace_id: int, rows: list[dict], wanted: set[str]) -> None:
    vt = schema.text_vectors
    with store.writing() as conn:
        stale = set(
            conn.execute(select(vt.c.text_key).where(vt.c.workspace_id == workspace_id))
            .scalars()
            .all()
        )
        new_rows = [r for r in rows if r["text_key"] not in stale]
        stale = sorted(stale - wanted)
        for start in range(0, len(stale), _CHUNK):
            chunk = stale[start : start + _CHUNK]
            conn.execute(
                delete(vt).where(and_(vt.c.workspace_id == workspace_id, vt.c.text_key.in_(chunk)))
            )
        if new_rows:
            conn.execute(vt.insert(), new_rows)


def stored_count(store: Store, workspace: str) -> int:
    """How many texts of the workspace have a stored vector."""
    from sqlalchemy import func

    vt = schema.text_vectors
    with store.reading() as conn:
        workspace_id = store.workspace_in(conn, workspace).id
        return int(
            conn.execute(
                select(func.count()).select_from(vt).where(vt.c.workspace_id == workspace_id)
            ).scalar_one()
        )
