"""Tables from evaluation files named `<set>_<planner>.jsonl`: correctness with bootstrap
confidence intervals and standard errors, completion, errors, steps, and exact McNemar tests
between planners on the requests both ran.

>>> summary_row([{"correct": 1, "completed": 1, "error": 0, "steps": 2,
...               "tools_as_oracle": 1, "seconds": 3.0}] * 3)["correct"]
1.0
"""

from __future__ import annotations

from pathlib import Path

from gba.evaluation.metrics import score
from gba.evaluation.stats import bootstrap_ci, mcnemar_exact, standard_error
from gba.trajectory import iter_jsonl


def load_scores(folder: str | Path) -> list[dict]:
    rows = []
    for path in sorted(Path(folder).glob("*_*.jsonl")):
        set_name, planner = path.stem.rsplit("_", 1)
        environment = "real" if set_name == "real" else "scripted"
        for traj in iter_jsonl(path):
            rows.append({"set": set_name, "planner": planner,
                         **score(traj, environment)})  # type: ignore[arg-type]
    return rows


def summary_row(rows: list[dict]) -> dict:
    correct = [r["correct"] for r in rows]
    lo, hi = bootstrap_ci(correct)
    n = len(rows)
    return {"n": n, "correct": round(sum(correct) / n, 3), "ci95": f"[{lo:.2f}, {hi:.2f}]",
            "se": round(standard_error(correct), 3),
            "completed": round(sum(r["completed"] for r in rows) / n, 3),
            "errors": sum(r["error"] for r in rows),
            "tools_as_oracle": round(sum(r["tools_as_oracle"] for r in rows) / n, 3),
            "mean_steps": round(sum(r["steps"] for r in rows) / n, 2),
            "s_per_request": round(sum(r["seconds"] for r in rows) / n, 1)}


def report(folder: str | Path, out: str | Path | None = None) -> str:
    """Markdown tables (and CSVs under `out`) for every set and planner in `folder`."""
    import pandas as pd

    df = pd.DataFrame(load_scores(folder))
    if df.empty:
        raise FileNotFoundError(f"no evaluation files (<set>_<planner>.jsonl) in {folder}")
    summary = pd.DataFrame([{"set": s, "planner": p, **summary_row(g.to_dict("records"))}
                            for (s, p), g in df.groupby(["set", "planner"])])
    tests = []
    for s, g in df.groupby("set"):
        wide = g.pivot_table(index="request", columns="planner", values="correct").dropna()
        if {"fine-tuned", "zero-shot"} <= set(wide.columns):
            t = mcnemar_exact(wide["fine-tuned"].tolist(), wide["zero-shot"].tolist())
            tests.append({"set": s, "paired_n": t["n"], "fine-tuned_only": t["a_only"],
                          "zero-shot_only": t["b_only"], "mcnemar_exact_p": float(f"{t['p']:.2g}"),
                          "significant_at_0.05": t["p"] < 0.05})
    kinds = (df.groupby(["set", "planner", "kind"]).correct.agg(["mean", "count"]).round(3)
             .reset_index())
    tables = [summary, pd.DataFrame(tests), kinds]
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        df.to_csv(out / "per_request.csv", index=False)
        for name, table in zip(("summary", "paired_tests", "by_kind"), tables, strict=True):
            table.to_csv(out / f"{name}.csv", index=False)
    text = "\n\n".join(_markdown(t) for t in tables if not t.empty)
    if out is not None:
        (Path(out) / "tables.md").write_text(text + "\n")
    return text


def _markdown(frame) -> str:
    cols = list(frame.columns)
    lines = ["| " + " | ".join(map(str, cols)) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)
