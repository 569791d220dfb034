"""Tables from evaluation files named `<set>_<planner>.jsonl` (the file name gives the set
and the planner's label; the environment, and so the scoring, comes from each run's
metadata, see gba.evaluation.metrics.correct): correctness under the one strict rule with a
Wilson 95% interval over requests, the count of answers the rule could not decide (scored
as not correct), with repeats the spread of the repeat means and the share of requests on
which the repeats agree, completion, errors, steps, and paired tests between every two
planners on the requests both ran (exact McNemar on pass/fail with one run per request,
Wilcoxon signed-rank on per-request pass rates with repeats), with Holm-adjusted p-values
over the whole table.

>>> row = summary_row([{"request": f"r{i}", "correct": 1, "completed": 1, "error": 0,
...                     "steps": 2, "min_steps": 2, "tools_as_oracle": 1, "seconds": 3.0}
...                    for i in range(3)])
>>> row["correct"], row["ci95"]
(1.0, '[0.44, 1.00]')
"""

from __future__ import annotations

from pathlib import Path
from statistics import stdev

from gba.evaluation.metrics import score
from gba.evaluation.stats import holm, mcnemar_exact, wilson_ci
from gba.trajectory import iter_jsonl


def load_scores(folder: str | Path) -> list[dict]:
    """One scored row per run with a ground truth, for every `<set>_<planner>.jsonl`."""
    rows = []
    for path in sorted(Path(folder).glob("*_*.jsonl")):
        set_name, planner = path.stem.rsplit("_", 1)
        for traj in iter_jsonl(path):
            if not traj.request.ground_truth:  # e.g. LLM-written requests: the judge's table
                continue
            rows.append({"set": set_name, "planner": planner,
                         "repeat": int(traj.metadata.get("repeat", 0)),  # type: ignore[union-attr]
                         **score(traj)})  # type: ignore[arg-type]
    return rows


def summary_row(rows: list[dict]) -> dict:
    """Correctness and the rest for one planner on one set. `ci95` is the Wilson interval
    over requests (n = requests, each scored by its mean over repeats). With repeats,
    `repeat_sd` is the spread of the repeat means (run-to-run variation, not a standard error
    over requests) and `repeats_agree` the share of requests whose repeats all agree."""
    by_request: dict[str, list[int]] = {}
    by_repeat: dict[int, list[int]] = {}
    for r in rows:
        by_request.setdefault(r["request"], []).append(r["correct"])
        by_repeat.setdefault(r.get("repeat", 0), []).append(r["correct"])
    per_request = [sum(v) / len(v) for v in by_request.values()]
    lo, hi = wilson_ci(sum(per_request), len(per_request))
    repeat_means = [sum(v) / len(v) for v in by_repeat.values()]
    several = len(repeat_means) > 1
    n = len(rows)
    return {"n": len(by_request), "repeats": len(by_repeat),
            "correct": round(sum(per_request) / len(per_request), 3),
            "ci95": f"[{lo:.2f}, {hi:.2f}]",
            "undecided": sum(r.get("undecided", 0) for r in rows),
            "repeat_sd": round(stdev(repeat_means), 3) if several else "-",
            "repeats_agree": (round(sum(len(set(v)) == 1 for v in by_request.values())
                                    / len(by_request), 3) if several else "-"),
            "completed": round(sum(r["completed"] for r in rows) / n, 3),
            "errors": sum(r["error"] for r in rows),
            "tools_as_oracle": round(sum(r["tools_as_oracle"] for r in rows) / n, 3),
            "step_tool_agreement": round(sum(r.get("step_tool_agreement", 0.0)
                                             for r in rows) / n, 3),
            "mean_steps": round(sum(r["steps"] for r in rows) / n, 2),
            "extra_steps": round(sum(r["steps"] - r["min_steps"] for r in rows) / n, 2),
            "s_per_request": round(sum(r["seconds"] for r in rows) / n, 1)}


def report(folder: str | Path, out: str | Path | None = None) -> str:
    """Markdown tables (and CSVs under `out`) for every set and planner in `folder`."""
    import pandas as pd

    df = pd.DataFrame(load_scores(folder))
    if df.empty:
        raise FileNotFoundError(f"no evaluation files (<set>_<planner>.jsonl) in {folder}")
    summary = pd.DataFrame([{"set": s, "planner": p, **summary_row(g.to_dict("records"))}
                            for (s, p), g in df.groupby(["set", "planner"])])
    tests = with_holm([t for s, g in df.groupby("set") for t in paired_tests(s, g)])
    kinds = (df.groupby(["set", "planner", "kind"]).correct.agg(["mean", "count"]).round(3)
             .reset_index())
    tables = [summary, pd.DataFrame(tests), kinds, pd.DataFrame(judged_table(folder))]
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        df.to_csv(out / "per_request.csv", index=False)
        for name, table in zip(("summary", "paired_tests", "by_kind", "judged"), tables,
                               strict=True):
            table.to_csv(out / f"{name}.csv", index=False)
    text = "\n\n".join(_markdown(t) for t in tables if not t.empty)
    if out is not None:
        (Path(out) / "tables.md").write_text(text + "\n")
        _save_plot(df, Path(out) / "correctness.png")
    return text


def _save_plot(df, path: Path) -> None:
    """The correctness bars as a PNG next to the tables (skipped without matplotlib)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    from gba.evaluation.plots import correctness_bars

    fig = correctness_bars(df)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def judged_table(folder: str | Path) -> list[dict]:
    """The LLM judge's metrics for every `<set>_<planner>.jsonl` that has a judgments file
    `judgments/<set>_<planner>.jsonl` beside it (written by `gba simulate judge`): pass rate,
    bad-task rate, completion rate, crashes and judge failures apart, and agreement and
    Cohen's kappa with ground truth where requests carry one."""
    from gba.evaluation.judged import judged_metrics_files

    rows = []
    for path in sorted(Path(folder).glob("*_*.jsonl")):
        judgments = path.parent / "judgments" / path.name
        if not judgments.exists():
            continue
        set_name, planner = path.stem.rsplit("_", 1)
        m = judged_metrics_files(str(path), str(judgments))
        a = m.agreement
        rows.append({"set": set_name, "planner": planner, "runs": m.runs,
                     "pass_rate": m.pass_rate, "bad_task_rate": m.bad_task_rate,
                     "completion_rate": m.completion_rate, "crashes": m.crashes,
                     "judge_failures": m.judge_failures,
                     "judge_truth_agreement": a.agreement if a else None,
                     "cohen_kappa": a.kappa if a else None,
                     **(a.confusion if a else {})})
    return rows


def paired_tests(set_name: str, frame) -> list[dict]:
    """Every pair of planners on `set_name`, on the requests both ran."""
    from itertools import combinations

    wide = frame.pivot_table(index="request", columns="planner", values="correct", aggfunc="mean")
    out = []
    for a, b in combinations(sorted(wide.columns), 2):
        pair = wide[[a, b]].dropna()
        if pair.empty:
            continue
        x, y = pair[a].tolist(), pair[b].tolist()
        binary = all(v in (0, 1) for v in x + y)
        if binary:
            t = mcnemar_exact([int(v) for v in x], [int(v) for v in y])
            test, p, a_better, b_better = "mcnemar_exact", t["p"], t["a_only"], t["b_only"]
        else:
            test, p = "wilcoxon", wilcoxon_p(x, y)
            a_better = sum(u > v for u, v in zip(x, y, strict=True))
            b_better = sum(v > u for u, v in zip(x, y, strict=True))
        out.append({"set": set_name, "a": a, "b": b, "paired_n": len(pair),
                    "a_mean": round(sum(x) / len(x), 3), "b_mean": round(sum(y) / len(y), 3),
                    "a_better": a_better, "b_better": b_better, "test": test,
                    "p": float(f"{p:.2g}"), "significant_at_0.05": bool(p < 0.05), "_p": p})
    return out


def with_holm(tests: list[dict]) -> list[dict]:
    """Each test with its Holm-adjusted p over all the tests given (the family: every pair
    on every set), and whether that stays below 0.05."""
    adjusted = holm([t.get("_p", t["p"]) for t in tests])
    return [{**{k: v for k, v in t.items() if k != "_p"}, "p_holm": float(f"{q:.2g}"),
             "significant_holm_0.05": bool(q < 0.05)}
            for t, q in zip(tests, adjusted, strict=True)]


def wilcoxon_p(x: list[float], y: list[float]) -> float:
    """Two-sided Wilcoxon signed-rank p on paired per-request rates (1.0 when all equal)."""
    from scipy.stats import wilcoxon

    if all(u == v for u, v in zip(x, y, strict=True)):
        return 1.0
    return float(wilcoxon(x, y, zero_method="zsplit").pvalue)


def _markdown(frame) -> str:
    cols = list(frame.columns)
    lines = ["| " + " | ".join(map(str, cols)) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)
