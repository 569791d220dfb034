"""Run an agent over many requests, append-only and resumable: the engine under simulation and
evaluation.

Each finished run is appended to a JSONL file at once (fsync'd), keyed by request id and
repeat number; a rerun skips every key already there, so a run killed at any moment (even
with kill -9) resumes with nothing lost and nothing repeated. A failure while building or
running the agent is recorded as a trajectory with status "error", never dropped. Workers
are threads: each task builds its own agent (`make_agent(request, repeat)`), so clients that
are not thread-safe should be one per agent, or serialize themselves (the local backend
holds a lock).

Leaves out processes and distributed workers; retries of failed records (delete them from
the file and rerun); scoring (gba.evaluation) and what the agent does per request (gba.agent).

>>> from gba.client.fake import FakeClient
>>> from gba.agent import Agent
>>> from gba.planner import ZeroShotPlanner
>>> from gba.tools.final_answer import FinalAnswer
>>> import tempfile, pathlib
>>> def make(request, repeat):
...     fake = FakeClient([{"context_information_summary": "", "thoughts": "", "task": "Hi",
...                         "selected_tool": "final_answer"}, {"answer": "Hello"}])
...     return Agent(ZeroShotPlanner(fake, [FinalAnswer(fake)]), [FinalAnswer(fake)])
>>> out = pathlib.Path(tempfile.mkdtemp()) / "runs.jsonl"
>>> run_batch([Request(id="a", text="hi")], make, out, progress=False).completed
1
>>> run_batch([Request(id="a", text="hi")], make, out, progress=False).skipped
1
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from pydantic import BaseModel

from gba.agent import Agent
from gba.client.base import Usage
from gba.trajectory import Request, Trajectory, append_jsonl, iter_jsonl

MakeAgent = Callable[[Request, int], Agent]


class BatchReport(BaseModel):
    """What one call did: counts by outcome, tokens, cost and wall time."""

    completed: int = 0
    step_limit: int = 0
    errors: int = 0
    skipped: int = 0
    usage: Usage = Usage()
    cost: float = 0.0
    seconds: float = 0.0


def record_key(traj: Trajectory) -> tuple[str, int]:
    return traj.request.id, int(traj.metadata.get("repeat", 0))


def load_batch(path: str | Path) -> list[Trajectory]:
    """Every trajectory recorded in a batch file."""
    return list(iter_jsonl(path))  # type: ignore[arg-type]


def run_batch(requests: Sequence[Request], make_agent: MakeAgent, out_path: str | Path, *,
              repeats: int = 1, workers: int = 1, desc: str = "requests",
              progress: bool = True, price_per_1k_tokens: float = 0.0,
              metadata: dict | None = None) -> BatchReport:
    """Run every (request, repeat) not yet in `out_path`; append each trajectory as it ends."""
    from tqdm import tqdm

    out_path = Path(out_path)
    done = {record_key(t) for t in load_batch(out_path)}
    todo = [(r, k) for r in requests for k in range(repeats) if (r.id, k) not in done]
    report = BatchReport(skipped=len(requests) * repeats - len(todo))
    lock = threading.Lock()
    started = time.perf_counter()

    def one(request: Request, repeat: int) -> Trajectory:
        begun = time.perf_counter()
        try:
            traj = make_agent(request, repeat).run(request)
        except Exception as exc:  # building the agent failed: keep the record
            traj = Trajectory(request=request, status="error",
                              error=f"{type(exc).__name__}: {exc}",
                              duration_s=time.perf_counter() - begun)
        traj.metadata.update(metadata or {})
        traj.metadata["repeat"] = repeat
        with lock:
            append_jsonl(out_path, traj)
        return traj

    bar = tqdm(total=len(todo), desc=desc, unit="run", disable=not progress)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [pool.submit(one, r, k) for r, k in todo]
        for future in as_completed(futures):
            traj = future.result()
            report.usage = report.usage + traj.usage
            if traj.status == "completed":
                report.completed += 1
            elif traj.status == "step_limit":
                report.step_limit += 1
            else:
                report.errors += 1
            bar.update(1)
            bar.set_postfix(errors=report.errors, tokens=report.usage.prompt_tokens
                            + report.usage.completion_tokens)
    bar.close()
    tokens = report.usage.prompt_tokens + report.usage.completion_tokens
    report.cost = round(tokens / 1000 * price_per_1k_tokens, 6)
    report.seconds = round(time.perf_counter() - started, 3)
    return report
