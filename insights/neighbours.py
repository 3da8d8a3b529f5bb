"""Nearest neighbours of unit vectors: each text's few most similar texts, never all pairs.

Up to ``EXACT_LIMIT`` texts, every row is compared with every other in
blocks of matrix products (memory stays at one block). Beyond it, an
inverted-file index: the vectors are split into about sqrt(n) cells by a
few rounds of k-means, each vector sits in its nearest cell, and each
vector is compared with the vectors of its ``PROBES`` nearest cells only.
Both are deterministic: the same vectors in the same order give the same
neighbours (the grouping passes them in a canonical order).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import lru_cache

import numpy as np

EXACT_LIMIT = 3_000  # up to this many vectors, compare all (in blocks)
BLOCK = 1_024  # rows per matrix product
PROBES = 3  # cells searched per vector, beyond EXACT_LIMIT
ROUNDS = 2  # k-means rounds (more barely changed what is found: measured)


@lru_cache(maxsize=1)
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_blas_thread() -> AbstractContextManager:
    """Many small matrix products: OpenBLAS's threads cost more than they give (10x here
    on a busy 2-core machine), so they run on one thread."""
    return _blas().limit(limits=1, user_api="blas")


def _top(similarity: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of each row's k largest entries (unordered)."""
    if similarity.shape[1] <= k:
        columns = np.broadcast_to(np.arange(similarity.shape[1]), similarity.shape)
        return np.array(columns), similarity
    columns = np.argpartition(similarity, -k, axis=1)[:, -k:]
    return columns, np.take_along_axis(similarity, columns, axis=1)


def _exact(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(vectors)
    rows, cols, sims = [], [], []
    for start in range(0, n, BLOCK):
        block = vectors[start : start + BLOCK] @ vectors.T
        idx = np.arange(start, min(start + BLOCK, n))
        block[idx - start, idx] = -np.inf  # not one's own neighbour
        columns, values = _top(block, k)
        rows.append(np.repeat(idx, columns.shape[1]))
        cols.append(columns.ravel())
        sims.append(values.ravel())
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)


def _cells(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """k-means centroids (started from evenly spaced rows) and each vector's PROBES nearest."""
    n = len(vectors)
    count = max(2, int(np.sqrt(n)))
    centroids = vectors[np.linspace(0, n - 1, count).astype(np.int64)].copy()
    nearest = np.empty((n, PROBES), dtype=np.int64)
    for round_ in range(ROUNDS + 1):
        for start in range(0, n, BLOCK * 4):
            scores = vectors[start : start + BLOCK * 4] @ centroids.T
            if round_ == ROUNDS:
                top = np.argpartition(scores, -PROBES, axis=1)[:, -PROBES:]
                order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
                nearest[start : start + BLOCK * 4] = np.take_along_axis(top, order, axis=1)
            else:
                nearest[start : start + BLOCK * 4, 0] = np.argmax(scores, axis=1)
        if round_ == ROUNDS:
            break
        sums = np.zeros_like(centroids)
        order = np.argsort(nearest[:, 0], kind="stable")
        bounds = np.searchsorted(nearest[order, 0], np.arange(count + 1))
        for cell in range(count):
            if bounds[cell + 1] > bounds[cell]:
                sums[cell] = vectors[order[bounds[cell] : bounds[cell + 1]]].sum(axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        filled = norms[:, 0] > 0
        centroids[filled] = sums[filled] / norms[filled]
    return centroids, nearest


def _indexed(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    _, nearest = _cells(vectors)
    home = nearest[:, 0]
    members = np.argsort(home, kind="stable")
    bounds = np.searchsorted(home[members], np.arange(int(home.max()) + 2))
    probing = np.argsort(nearest.ravel(), kind="stable")
    probe_bounds = np.searchsorted(nearest.ravel()[probing], np.arange(int(home.max()) + 2))
    rows, cols, sims = [], [], []
    for cell in range(len(bounds) - 1):
        inside = members[bounds[cell] : bounds[cell + 1]]
        if not len(inside):
            continue
        queries = probing[probe_bounds[cell] : probe_bounds[cell + 1]] // PROBES
        for start in range(0, len(queries), BLOCK):
            q = queries[start : start + BLOCK]
            block = vectors[q] @ vectors[inside].T
            block[q[:, None] == inside[None, :]] = -np.inf
            columns, values = _top(block, k)
            rows.append(np.repeat(q, columns.shape[1]))
            cols.append(inside[columns.ravel()])
            sims.append(values.ravel())
    rows_, cols_, sims_ = np.concatenate(rows), np.concatenate(cols), np.concatenate(sims)
    # Each vector's k best over the cells it probed.
    order = np.lexsort((cols_, -sims_, rows_))
    rows_, cols_, sims_ = rows_[order], cols_[order], sims_[order]
    first = np.searchsorted(rows_, rows_, side="left")
    keep = (np.arange(len(rows_)) - first) < k
    return rows_[keep], cols_[keep], sims_[keep]


def nearest_pairs(vectors: np.ndarray, k: int, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) where j is among i's k nearest (or i among j's), cosine >= ``floor``.

    Returns the pairs as an (m, 2) int64 array, sorted and unique, and their cosines.
    """
    n = len(vectors)
    if n < 2 or k < 1:
        return np.empty((0, 2), dtype=np.int64), np.empty(0, dtype=np.float32)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    k = min(k, n - 1)
    with _one_blas_thread():
        rows, cols, sims = _exact(vectors, k) if n <= EXACT_LIMIT else _indexed(vectors, k)
    keep = np.isfinite(sims) & (sims >= floor)
    rows, cols = rows[keep], cols[keep]
    a, b = np.minimum(rows, cols), np.maximum(rows, cols)
    keys = np.sort(a.astype(np.int64) * n + b)
    if len(keys):
        keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]  # sorted unique, fast
    pairs = np.stack([keys // n, keys % n], axis=1)
    cosines = np.einsum("ij,ij->i", vectors[pairs[:, 0]], vectors[pairs[:, 1]])
    return pairs, cosines.astype(np.float32)
