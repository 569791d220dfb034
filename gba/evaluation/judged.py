"""The published metrics from the LLM judge's ratings, and how far the judge agrees with
ground truth.

- pass rate: share of runs whose final answer is judged >= 4 (of 5);
- bad-task rate: share of non-final steps whose task is judged <= 3 (pooled over steps);
- completion rate: share of runs that gave a final answer within 10 steps;
- crashes (status "error") and judge failures are counted on their own and left out of the
  three rates' denominators, so a crash never reads as a bad plan or a failed answer;
- judge validation: agreement and Cohen's kappa between the judge's pass/fail and
  ground-truth correctness (the strict rule of gba.evaluation.metrics), on runs where both
  exist (answers the rule cannot decide are left out).

Per-run rows (`judged_rows`) carry the same quantities for bootstrap intervals and paired
tests (gba.evaluation.stats).

>>> from gba.simulation.judge import Judgment, Rating
>>> from gba.trajectory import PlanRecord, Request, Step, Trajectory
>>> step = Step(index=0, tool="final_answer", observation="4",
...             plan=PlanRecord(task="Answer.", selected_tool="final_answer"))
>>> t = Trajectory(id="a", request=Request(text="2+2?"), steps=[step], final_answer="4",
...                status="completed")
>>> j = Judgment(trajectory_id="a", request_id=t.request.id, steps=[Rating(reason="", score=5)],
...              answer=Rating(reason="right", score=5))
>>> m = judged_metrics([t], {"a": j})
>>> m.pass_rate, m.completion_rate, m.bad_task_rate
(1.0, 1.0, None)
>>> cohen_kappa([1, 1, 0, 0], [1, 1, 0, 0])
1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pydantic import BaseModel, Field

from gba.simulation.judge import BAD_TASK_SCORE, PASS_SCORE, Judgment
from gba.simulation.records import GroundTruth
from gba.trajectory import Trajectory

COMPLETION_STEPS = 10


def is_final_step(traj: Trajectory, index: int) -> bool:
    """The step that gave the final answer (the last step of a completed run)."""
    return traj.status == "completed" and index == len(traj.steps) - 1


def truth_correct(traj: Trajectory) -> bool | None:
    """Ground-truth correctness by the one rule (gba.evaluation.metrics.correct) where the
    request has a ground truth; None without one, or when the rule cannot decide."""
    if GroundTruth.from_request_dict(traj.request.ground_truth) is None:
        return None
    from gba.evaluation.metrics import correct

    return correct(traj)


def judged_row(traj: Trajectory, judgment: Judgment | None, *, pass_score: int = PASS_SCORE,
               bad_task_score: int = BAD_TASK_SCORE, completion_steps: int = COMPLETION_STEPS
               ) -> dict:
    """One run's judged quantities. `passed` / `bad_tasks` are None when not judged."""
    crashed = traj.status == "error"
    judged = judgment is not None and judgment.error is None and not crashed
    bad = non_final = None
    if judged:
        assert judgment is not None
        scores = [r.score for i, r in enumerate(judgment.steps) if not is_final_step(traj, i)]
        non_final, bad = len(scores), sum(s <= bad_task_score for s in scores)
    truth = truth_correct(traj)
    return {
        "request": traj.request.id, "trajectory": traj.id,
        "repeat": int(traj.metadata.get("repeat", 0)), "crashed": int(crashed),
        "judge_failed": int(judgment is not None and judgment.error is not None),
        "judged": int(judged),
        "passed": (int(judgment.passed(pass_score)) if judged and judgment else None),
        "answer_score": (judgment.answer.score if judged and judgment and judgment.answer
                         else None),
        "non_final_steps": non_final, "bad_tasks": bad,
        "completed": int(traj.status == "completed" and len(traj.steps) <= completion_steps),
        "steps": len(traj.steps),
        "correct": None if truth is None else int(truth),
    }


class Agreement(BaseModel):
    """Judge pass/fail vs ground-truth correctness on the runs where both exist."""

    n: int
    agreement: float
    kappa: float | None = Field(description="Cohen's kappa; None when undefined (one class)")
    confusion: dict[str, int] = Field(description="judge_pass/fail x truth_correct/wrong")


class JudgedMetrics(BaseModel):
    """The published metrics over a set of runs, crashes and judge failures apart."""

    runs: int
    crashes: int
    judge_failures: int
    not_judged: int
    pass_rate: float | None
    bad_task_rate: float | None
    completion_rate: float | None
    judged_runs: int
    non_final_steps: int
    agreement: Agreement | None = None


def cohen_kappa(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Cohen's kappa of two binary raters: (p_o - p_e) / (1 - p_e); None when p_e = 1.

    >>> round(cohen_kappa([1, 1, 1, 0, 0, 0], [1, 1, 0, 0, 0, 1]), 4)
    0.3333
    """
    if len(a) != len(b) or not a:
        raise ValueError("cohen_kappa needs two equally long, non-empty rating lists")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def agreement(rows: Iterable[dict]) -> Agreement | None:
    """Judge pass/fail vs truth over rows that have both (None when there are none)."""
    pairs = [(r["passed"], r["correct"]) for r in rows
             if r["passed"] is not None and r["correct"] is not None]
    if not pairs:
        return None
    judge, truth = [p for p, _ in pairs], [c for _, c in pairs]
    confusion = {f"judge_{'pass' if p else 'fail'}_truth_{'correct' if c else 'wrong'}": 0
                 for p in (1, 0) for c in (1, 0)}
    for p, c in pairs:
        confusion[f"judge_{'pass' if p else 'fail'}_truth_{'correct' if c else 'wrong'}"] += 1
    kappa = cohen_kappa(judge, truth)
    return Agreement(n=len(pairs), agreement=round(sum(p == c for p, c in pairs) / len(pairs), 4),
                     kappa=None if kappa is None else round(kappa, 4), confusion=confusion)


def judged_rows(trajectories: Iterable[Trajectory], judgments: Mapping[str, Judgment],
                **kwargs) -> list[dict]:
    """`judged_row` for every run (judgments keyed by trajectory id)."""
    return [judged_row(t, judgments.get(t.id), **kwargs) for t in trajectories]


def summarize(rows: Sequence[dict]) -> JudgedMetrics:
    """The metrics from per-run rows."""
    ok = [r for r in rows if not r["crashed"]]
    judged = [r for r in ok if r["judged"]]
    steps = sum(r["non_final_steps"] for r in judged)
    return JudgedMetrics(
        runs=len(rows), crashes=len(rows) - len(ok),
        judge_failures=sum(r["judge_failed"] for r in ok),
        not_judged=sum(not r["judged"] and not r["judge_failed"] for r in ok),
        pass_rate=round(sum(r["passed"] for r in judged) / len(judged), 4) if judged else None,
        bad_task_rate=round(sum(r["bad_tasks"] for r in judged) / steps, 4) if steps else None,
        completion_rate=round(sum(r["completed"] for r in ok) / len(ok), 4) if ok else None,
        judged_runs=len(judged), non_final_steps=steps, agreement=agreement(rows))


def judged_metrics(trajectories: Iterable[Trajectory], judgments: Mapping[str, Judgment],
                   **kwargs) -> JudgedMetrics:
    """Pass rate, bad-task rate, completion rate, crashes apart, and judge agreement."""
    return summarize(judged_rows(trajectories, judgments, **kwargs))


def judged_metrics_files(trajectories: str, judgments: str, **kwargs) -> JudgedMetrics:
    """The metrics of a trajectory JSONL and its judgments JSONL."""
    from gba.simulation.judge import load_judgments
    from gba.trajectory import iter_jsonl

    return judged_metrics(iter_jsonl(trajectories), load_judgments(judgments),  # type: ignore[arg-type]
                          **kwargs)
