"""Vector quantization for the two-stage search: sign bits for candidates, int8 for rescoring.

- `binarize`: one bit per dimension (the sign), packed 8 to a byte: 384-d -> 48 bytes, 32x
  smaller than float32. Hamming distance between codes tracks the angle between vectors.
- `to_int8`: each vector scaled by its own max |x| to [-127, 127] plus one float32 scale, so
  `int8 . query * scale` approximates the float32 dot product without any calibration set.

Leaves out storage and search (index.py).

>>> import numpy as np
>>> x = np.array([[0.5, -0.25, 0.0, 1.0, -1.0, 0.1, -0.1, 0.2]], dtype=np.float32)
>>> binarize(x).tolist()
[[149]]
>>> q, s = to_int8(x)
>>> float(np.abs(q.astype(np.float32) * s[:, None] - x).max()) < 0.01
True
"""

from __future__ import annotations

import numpy as np


def binarize(vectors: np.ndarray) -> np.ndarray:
    """(n, d) float -> (n, d/8) uint8: bit set where the component is positive."""
    vectors = np.atleast_2d(vectors)
    if vectors.shape[1] % 8:
        raise ValueError(f"dimension {vectors.shape[1]} is not a multiple of 8")
    return np.packbits(vectors > 0, axis=1)


def to_int8(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, d) float -> ((n, d) int8, (n,) float32 scale) with x ~= int8 * scale."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    peak = np.abs(vectors).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    codes = np.rint(vectors / scale[:, None]).clip(-127, 127).astype(np.int8)
    return codes, scale


def int8_scores(codes: np.ndarray, scales: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Approximate dot products of int8 `codes` (n, d) with one float32 `query` (d,).

    einsum, not `@`: BLAS would wake its own thread pool, which then fights faiss's OpenMP
    threads for the cores (the README gives the slowdown measured on 2 cores).
    """
    return np.einsum("ij,j->i", codes, query.astype(np.float32)) * scales
