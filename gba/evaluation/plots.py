"""Matplotlib figures of evaluation results (the notebook and the README use them).

Each function takes the per-request table written by `gba evaluate report` (one row per
trajectory: set, planner, request, kind, correct, steps, min_steps, ...) and returns a
figure. Left out: styling beyond what makes the numbers readable.

>>> import pandas as pd
>>> df = pd.DataFrame({"set": ["real"] * 4, "planner": ["a", "a", "b", "b"],
...                    "request": ["r1", "r2"] * 2, "correct": [1, 0, 0, 0]})
>>> correctness_table(df)[["set", "planner", "correct", "n"]].values.tolist()
[['real', 'a', 0.5, 2], ['real', 'b', 0.0, 2]]
"""

from __future__ import annotations

from typing import Any

from gba.evaluation.stats import wilson_ci


def correctness_table(df: Any) -> Any:
    """Mean correctness per set and planner with a Wilson 95% interval over requests."""
    import pandas as pd

    rows = []
    for (set_name, planner), g in df.groupby(["set", "planner"], sort=True):
        per_request = g.groupby("request").correct.mean().tolist()
        lo, hi = wilson_ci(sum(per_request), len(per_request))
        rows.append({"set": set_name, "planner": planner,
                     "correct": round(sum(per_request) / len(per_request), 3),
                     "lo": round(lo, 3), "hi": round(hi, 3), "n": len(per_request)})
    return pd.DataFrame(rows)


def correctness_bars(df: Any, title: str = "Answer correctness, strict rule (Wilson 95% CI)") -> Any:
    """One panel per request set, one horizontal bar per planner that ran on it, with CI
    whiskers and the value written beside the bar (a bar at 0 stays readable)."""
    import matplotlib.pyplot as plt
    import numpy as np

    table = correctness_table(df)
    sets = sorted(table.set.unique())
    rows = [len(table[table.set == s]) for s in sets]
    fig, axes = plt.subplots(len(sets), 1, sharex=True, squeeze=False,
                             figsize=(6.4, 0.9 + 0.32 * sum(rows) + 0.35 * len(sets)),
                             gridspec_kw={"height_ratios": rows})
    for ax, set_name in zip(axes[:, 0], sets, strict=True):
        sub = table[table.set == set_name].sort_values("correct")
        y = np.arange(len(sub))
        err = np.vstack([sub.correct - sub.lo, sub.hi - sub.correct]).clip(min=0)
        ax.barh(y, sub.correct, xerr=err, capsize=3, color="tab:blue", alpha=0.8)
        for yi, (value, n) in enumerate(zip(sub.correct, sub.n, strict=True)):
            ax.text(1.02, yi, f"{value:.2f} (n={n})", va="center", fontsize=7)
        ax.set_yticks(y, sub.planner, fontsize=8)
        ax.set_title(set_name, fontsize=9, loc="left")
    axes[-1, 0].set_xlim(0, 1.25)
    axes[-1, 0].set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    axes[-1, 0].set_xlabel("share correct")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def by_min_steps(df: Any) -> Any:
    """Correctness against the oracle's number of steps (how long the request is)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.4))
    for planner, g in df.groupby("planner"):
        means = g.groupby("min_steps").correct.mean()
        ax.plot(means.index, means.values, marker="o", label=planner)
    ax.set_xlabel("steps the oracle needs (incl. final answer)")
    ax.set_ylabel("share correct")
    ax.set_ylim(-0.05, 1.05)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def role_bars(results: dict[str, dict]) -> Any:
    """Per-role accuracy, e.g. {"base": roles_json, "fine-tuned": roles_json} from
    `gba evaluate roles`."""
    import matplotlib.pyplot as plt
    import numpy as np

    metrics = [("function_arguments", "required_ok"), ("function_arguments", "exact"),
               ("calculate_number", "correct")]
    fig, ax = plt.subplots(figsize=(6, 3.4))
    width = 0.8 / max(1, len(results))
    for i, (name, result) in enumerate(results.items()):
        values = [result.get(role, {}).get(key, np.nan) for role, key in metrics]
        ax.bar(np.arange(len(metrics)) + i * width, np.nan_to_num(values), width, label=name)
    ax.set_xticks(np.arange(len(metrics)) + width * (len(results) - 1) / 2,
                  ["arguments\n(required)", "arguments\n(all)", "calculation"])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("accuracy")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def judge_confusion(row: Any, title: str = "") -> Any:
    """The judge's pass/fail against ground truth as a 2x2 grid of counts, from one row of
    `judged.csv` (columns judge_pass_truth_correct, judge_pass_truth_wrong, ...)."""
    import matplotlib.pyplot as plt

    grid = [[int(row[f"judge_{j}_truth_{t}"]) for t in ("correct", "wrong")]
            for j in ("pass", "fail")]
    fig, ax = plt.subplots(figsize=(3.6, 3.2))
    ax.imshow(grid, cmap="Blues")
    for i in range(2):
        for k in range(2):
            ax.text(k, i, grid[i][k], ha="center", va="center", fontsize=12)
    ax.set_xticks([0, 1], ["truth: correct", "truth: wrong"])
    ax.set_yticks([0, 1], ["judge: pass", "judge: fail"])
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig
