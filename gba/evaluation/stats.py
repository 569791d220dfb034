"""Uncertainty and paired comparisons for per-request outcomes.

Proportions get the Wilson score interval (exact-coverage behaviour near 0 and 1, where the
percentile bootstrap collapses to [0, 0] or [1, 1]); the bootstrap stays for means of
other quantities. Many paired tests get Holm-adjusted p-values.

>>> [round(x, 3) for x in wilson_ci(0, 15)]
[0.0, 0.204]
>>> round(mcnemar_exact([1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0])["p"], 4)
0.0312
>>> holm([0.01, 0.04, 0.03])
[0.03, 0.06, 0.06]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def standard_error(values: Sequence[float]) -> float:
    x = np.asarray(values, dtype=float)
    return float(x.std(ddof=1) / np.sqrt(len(x))) if len(x) > 1 else float("nan")


def wilson_ci(successes: float, n: int, *, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion `successes / n` (successes may be fractional:
    a mean of per-request pass rates times n)."""
    from scipy.stats import norm

    if n <= 0:
        raise ValueError("wilson_ci needs at least one trial")
    z = float(norm.ppf(1 - (1 - level) / 2))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, float(centre - half)), min(1.0, float(centre + half))


def bootstrap_ci(values: Sequence[float], *, level: float = 0.95, resamples: int = 2000,
                 seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean, resampling requests (not for proportions
    at 0 or 1, where every resample agrees: use `wilson_ci`)."""
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


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm step-down adjusted p-values (family-wise error over all the tests given), in
    the input order."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        adjusted[i] = round(running, 12)
    return adjusted
