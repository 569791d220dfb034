"""Uncertainty and paired comparisons for per-request outcomes.

>>> bootstrap_ci([1, 1, 0, 1], seed=0)[0] <= 0.75 <= bootstrap_ci([1, 1, 0, 1], seed=0)[1]
True
>>> round(mcnemar_exact([1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0])["p"], 4)
0.0312
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def standard_error(values: Sequence[float]) -> float:
    x = np.asarray(values, dtype=float)
    return float(x.std(ddof=1) / np.sqrt(len(x))) if len(x) > 1 else float("nan")


def bootstrap_ci(values: Sequence[float], *, level: float = 0.95, resamples: int = 2000,
                 seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean, resampling requests."""
    x = np.asarray(values, dtype=float)
    means = np.random.default_rng(seed).choice(x, (resamples, len(x))).mean(axis=1)
    tail = (1 - level) / 2 * 100
    return float(np.percentile(means, tail)), float(np.percentile(means, 100 - tail))


def mcnemar_exact(a: Sequence[int], b: Sequence[int]) -> dict:
    """Exact McNemar test on paired pass/fail outcomes (a binomial test on the discordant
    pairs): `a_only` passes of a where b failed, `b_only` the reverse."""
    from scipy.stats import binomtest

    x, y = np.asarray(a), np.asarray(b)
    a_only, b_only = int(((x == 1) & (y == 0)).sum()), int(((x == 0) & (y == 1)).sum())
    p = binomtest(a_only, a_only + b_only, 0.5).pvalue if a_only + b_only else 1.0
    return {"n": len(x), "a_only": a_only, "b_only": b_only, "p": float(p)}
