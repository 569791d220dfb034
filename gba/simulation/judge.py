"""The LLM judge: rates each step's task and the final answer of a trajectory (1-5, reason
first), as structured output through any gba client; and the filters that keep good
trajectories for training.

One call per trajectory. Its schema is built for the trajectory's length (`verdict_model`:
fields step_1 ... step_n, then final_answer when the run has one), so even a small judge
under a grammar rates every step exactly once. The stored record is a `Judgment`, appended
to JSONL and keyed by trajectory id: judging resumes after a kill, and a failed judge call is
recorded with its error, never dropped. Trajectories that ended in an error are not judged
(metrics count them separately).

Filters: `keep_judged` (final answer judged >= `threshold`, optionally every task >=
`min_task_score`) for the LLM teacher; `keep_correct` (matches the ground truth) for the
scripted world.

>>> from gba.client.fake import FakeClient
>>> from gba.trajectory import PlanRecord, Step, Trajectory, Request
>>> step = Step(index=0, tool="final_answer", observation="4",
...             plan=PlanRecord(task="Answer 2+2.", selected_tool="final_answer"))
>>> traj = Trajectory(request=Request(text="2+2?"), steps=[step], final_answer="4",
...                   status="completed")
>>> fake = FakeClient([{"step_1": {"reason": "fine", "score": 5},
...                     "final_answer": {"reason": "right", "score": 5}}])
>>> j = judge_trajectory(fake, traj)
>>> j.answer.score, [s.score for s in j.steps], keep_judged(j, threshold=4)
(5, [5], True)
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

from pydantic import BaseModel, Field, create_model

from gba.client.base import LLMClient, Message, Usage
from gba.errors import GBAError
from gba.simulation.teacher_requests import prompt_text
from gba.text import clip
from gba.trajectory import Trajectory, append_jsonl, iter_jsonl

PASS_SCORE = 4  # the published pass threshold: final answer judged >= 4
BAD_TASK_SCORE = 3  # a task judged <= 3 is a bad task


class Rating(BaseModel):
    """One rating: the reason first (so the score follows from it), then 1-5."""

    reason: str = Field(max_length=400, description="why this score, in one sentence")
    score: int = Field(ge=1, le=5)


@cache
def verdict_model(n_steps: int, with_answer: bool) -> type[BaseModel]:
    """The judge's output schema for a trajectory of `n_steps` steps."""
    fields: dict = {f"step_{i + 1}": (Rating, Field(description=f"the task of step {i + 1}"))
                    for i in range(n_steps)}
    if with_answer:
        fields["final_answer"] = (Rating, Field(description="the final answer"))
    return create_model(f"Verdict{n_steps}{'A' if with_answer else ''}", **fields)


class Judgment(BaseModel):
    """The judge's ratings of one trajectory, as stored (judgments JSONL)."""

    trajectory_id: str
    request_id: str
    repeat: int = 0
    steps: list[Rating] = Field(default_factory=list, description="one per step, in order")
    answer: Rating | None = Field(default=None, description="None when the run has no answer")
    judge: str = ""
    usage: Usage = Field(default_factory=Usage)
    error: str | None = Field(default=None, description="set when the judge call failed")

    def passed(self, threshold: int = PASS_SCORE) -> bool:
        return self.answer is not None and self.answer.score >= threshold


JUDGE_OBSERVATION_CHARS = 500  # per step result shown to the judge


def judge_messages(traj: Trajectory, max_observation_chars: int = JUDGE_OBSERVATION_CHARS) -> list[Message]:
    """The judge's prompt: the request, every step (tool, task, result), the final answer."""
    lines = []
    for i, step in enumerate(traj.steps, 1):
        result = clip(step.observation, max_observation_chars)
        lines.append(f"Step {i}. tool: {step.tool}\n   task: {step.plan.task}\n"
                     f"   result: {result}")
    answer = (f"Final answer: {traj.final_answer}" if traj.final_answer is not None
              else "The assistant gave no final answer; rate the step tasks only.")
    user = prompt_text("judge.user.txt").format(
        request=traj.request.text, steps="\n".join(lines) or "(no steps)", answer=answer)
    return [Message(role="system", content=prompt_text("judge.system.txt")),
            Message(role="user", content=user.rstrip())]


def judge_trajectory(client: LLMClient, traj: Trajectory, *, max_tokens: int | None = None,
                     temperature: float = 0.0) -> Judgment:
    """Rate one trajectory. Raises gba errors (unreachable server, malformed output)."""
    with_answer = traj.final_answer is not None
    schema = verdict_model(len(traj.steps), with_answer)
    budget = max_tokens or 160 * (len(traj.steps) + 1) + 60
    completion = client.complete(judge_messages(traj), schema, max_tokens=budget,
                                 temperature=temperature)
    verdict = completion.parsed
    return Judgment(
        trajectory_id=traj.id, request_id=traj.request.id,
        repeat=int(traj.metadata.get("repeat", 0)),
        steps=[getattr(verdict, f"step_{i + 1}") for i in range(len(traj.steps))],
        answer=verdict.final_answer if with_answer else None,
        judge=completion.model or client.name, usage=completion.usage)


class JudgeReport(BaseModel):
    """What one `judge_file` call did."""

    judged: int = 0
    failed: int = 0
    skipped: int = 0
    not_judged_errors: int = 0
    usage: Usage = Usage()


def load_judgments(path: str | Path) -> dict[str, Judgment]:
    """Judgments by trajectory id (the last one wins if a file holds two)."""
    return {j.trajectory_id: j for j in iter_jsonl(path, Judgment)}  # type: ignore[attr-defined]


def judge_file(trajectories: str | Path, client: LLMClient, out: str | Path, *,
               workers: int = 1, progress: bool = True) -> JudgeReport:
    """Judge every trajectory in a JSONL file not yet judged in `out` (append-only,
    resumable). Runs that ended in an error are not judged; judge failures are recorded."""
    from tqdm import tqdm

    done = load_judgments(out)
    report = JudgeReport()
    todo = []
    for traj in iter_jsonl(trajectories):
        if traj.id in done:  # type: ignore[attr-defined]
            report.skipped += 1
        elif traj.status == "error":  # type: ignore[attr-defined]
            report.not_judged_errors += 1
        else:
            todo.append(traj)
    lock = threading.Lock()
    bar = tqdm(total=len(todo), desc="judge", unit="traj", disable=not progress)

    def one(traj: Trajectory) -> None:
        try:
            judgment = judge_trajectory(client, traj)
        except GBAError as exc:
            judgment = Judgment(trajectory_id=traj.id, request_id=traj.request.id,
                                repeat=int(traj.metadata.get("repeat", 0)), judge=client.name,
                                error=f"{type(exc).__name__}: {exc}"[:1000])
        with lock:
            append_jsonl(out, judgment)
            if judgment.error:
                report.failed += 1
            else:
                report.judged += 1
            report.usage = report.usage + judgment.usage
            bar.update(1)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(one, todo))
    bar.close()
    return report


def keep_judged(judgment: Judgment | None, threshold: int = PASS_SCORE,
                min_task_score: int | None = None) -> bool:
    """LLM-teacher filter: the final answer judged >= `threshold` (and, if given, every
    step's task >= `min_task_score`)."""
    if judgment is None or judgment.error or not judgment.passed(threshold):
        return False
    return min_task_score is None or all(s.score >= min_task_score for s in judgment.steps)


def keep_correct(traj: Trajectory) -> bool:
    """Scripted-world filter: the run ended with the ground-truth answer."""
    from gba.simulation.package import is_correct

    return is_correct(traj)


def filter_trajectories(trajectories: Iterable[Trajectory],
                        judgments: dict[str, Judgment] | None = None, *,
                        threshold: int = PASS_SCORE, min_task_score: int | None = None
                        ) -> list[Trajectory]:
    """Keep scripted-world runs that are correct and other runs judged >= `threshold`."""
    judgments = judgments or {}
    return [t for t in trajectories
            if (keep_correct(t) if t.request.source == "scripted"
                else keep_judged(judgments.get(t.id), threshold, min_task_score))]


def filter_file(trajectories: str | Path, judgments: str | Path, out: str | Path, *,
                threshold: int = PASS_SCORE, min_task_score: int | None = None) -> int:
    """Write the kept trajectories (each with its judgment in metadata["judge"]) to `out`,
    replacing it. Returns how many were kept."""
    found = load_judgments(judgments)
    kept = filter_trajectories(iter_jsonl(trajectories), found,  # type: ignore[arg-type]
                               threshold=threshold, min_task_score=min_task_score)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for traj in kept:
            if traj.id in found:
                traj.metadata["judge"] = found[traj.id].model_dump(exclude={"usage"})
            f.write(traj.model_dump_json() + "\n")
    return len(kept)
