"""Run an agent over many requests, append-only and resumable: the engine under simulation and
evaluation.

Each finished run is appended to a JSONL file at once (fsync'd), keyed by request id and
repeat number; a rerun skips every key already there, so a run killed at any moment (even
with kill -9) resumes with nothing lost and nothing repeated. A failure while building or
running the agent is recorded as a trajectory with status "error", never dropped. Workers
are threads: each task builds its own agent (`make_agent(request, repeat)`), so clients that
are not thread-safe should be one per agent, or serialize themselves (the local backend
holds a lock).

A run is one writer: it holds `OUT.lock` (a second run into the same file is refused) and
stores its settings in `OUT`'s sidecar (`x.settings.json`); a resume with other settings is
refused (gba.runfiles). Ctrl-C stops it within one step per worker: requests not started are
dropped, requests in flight stop after their current step and are not recorded (a
half-done record is never written), and `BatchInterrupted` says how many runs are recorded
and how to resume.

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

import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from gba.agent import Agent
from gba.client.base import Usage
from gba.client.signals import interrupt_sets
from gba.errors import Interrupted
from gba.runfiles import check_writable, claim_settings, write_once, writer_lock
from gba.trajectory import Request, Step, Trajectory, append_jsonl, iter_jsonl

MakeAgent = Callable[[Request, int], Agent]
__all__ = ["BatchInterrupted", "BatchReport", "load_batch", "record_key", "run_batch",
           "write_once"]
POLL_S = 0.2  # how often the main thread wakes to notice Ctrl-C while workers run


class BatchInterrupted(Interrupted):
    """Ctrl-C stopped a batch; every finished run is recorded, none half-done."""


class BatchReport(BaseModel):
    """What one call did: counts by outcome, tokens, cost and wall time."""

    completed: int = 0
    step_limit: int = 0
    errors: int = 0
    skipped: int = 0
    usage: Usage = Usage()
    cost: float = 0.0
    seconds: float = 0.0

    def add(self, traj: Trajectory) -> None:
        self.usage = self.usage + traj.usage
        if traj.status == "completed":
            self.completed += 1
        elif traj.status == "step_limit":
            self.step_limit += 1
        else:
            self.errors += 1


def record_key(traj: Trajectory) -> tuple[str, int]:
    return traj.request.id, int(traj.metadata.get("repeat", 0))


def load_batch(path: str | Path) -> list[Trajectory]:
    """Every trajectory recorded in a batch file."""
    return list(iter_jsonl(path))  # type: ignore[arg-type]


def run_batch(requests: Sequence[Request], make_agent: MakeAgent, out_path: str | Path, *,
              repeats: int = 1, workers: int = 1, desc: str = "requests",
              progress: bool = True, price_per_1k_tokens: float = 0.0,
              metadata: dict | None = None, settings: dict[str, Any] | None = None
              ) -> BatchReport:
    """Run every (request, repeat) not yet in `out_path`; append each trajectory as it ends.

    `metadata` goes into every record; it and `settings` are the run's settings, which a
    resume must repeat. Raises BatchInterrupted on Ctrl-C, RunLockedError when another run
    writes the same file, SettingsMismatchError, NotWritableError, CorruptRecordError."""
    out_path = Path(out_path)
    check_writable(out_path)
    with writer_lock(out_path):
        run_settings = {**(metadata or {}), **(settings or {})}
        if run_settings:
            claim_settings(out_path, run_settings)
        return _run_locked(requests, make_agent, out_path, repeats=repeats, workers=workers,
                           desc=desc, progress=progress, price=price_per_1k_tokens,
                           metadata=metadata or {})


def _run_locked(requests: Sequence[Request], make_agent: MakeAgent, out_path: Path, *,
                repeats: int, workers: int, desc: str, progress: bool, price: float,
                metadata: dict) -> BatchReport:
    from tqdm import tqdm

    done = {record_key(t) for t in load_batch(out_path)}
    todo = [(r, k) for r in requests for k in range(repeats) if (r.id, k) not in done]
    report = BatchReport(skipped=len(requests) * repeats - len(todo))
    lock = threading.Lock()
    stop = threading.Event()
    started = time.perf_counter()

    def check_stop(_step: Step) -> None:
        if stop.is_set():  # Agent.run turns this into status "interrupted" (not recorded)
            raise KeyboardInterrupt

    def one(request: Request, repeat: int) -> Trajectory | None:
        if stop.is_set():
            return None
        begun = time.perf_counter()
        try:
            traj = make_agent(request, repeat).run(request, on_step=check_stop)
        except Exception as exc:  # building the agent failed: keep the record
            traj = Trajectory(request=request, status="error",
                              error=f"{type(exc).__name__}: {exc}",
                              duration_s=time.perf_counter() - begun)
        if traj.status == "interrupted":
            return None  # stopped part-way: rerun on resume, never recorded half-done
        traj.metadata.update(metadata)
        traj.metadata["repeat"] = repeat
        with lock:
            append_jsonl(out_path, traj)
        return traj

    bar = tqdm(total=len(todo), desc=desc, unit="run", disable=not progress)

    def tally(futures: set[Future]) -> None:
        for future in futures:
            traj = None if future.cancelled() else future.result()
            if traj is None:
                continue
            report.add(traj)
            bar.update(1)
            bar.set_postfix(errors=report.errors, tokens=report.usage.prompt_tokens
                            + report.usage.completion_tokens)

    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    queue = iter(todo)
    pending: set[Future] = set()
    try:
        try:
            with interrupt_sets(stop):  # Ctrl-C sets `stop` instead of raising mid-wait
                while True:
                    while not stop.is_set() and len(pending) < 2 * max(1, workers):
                        task = next(queue, None)  # a few queued at a time
                        if task is None:
                            break
                        pending.add(pool.submit(one, *task))
                    if not pending or stop.is_set():
                        break
                    finished, pending = wait(pending, timeout=POLL_S,
                                             return_when=FIRST_COMPLETED)
                    tally(finished)
        except KeyboardInterrupt:  # where no handler could be set (not the main thread)
            stop.set()
        if stop.is_set():
            _stop(pool, pending, bar)
            wanted = {(r.id, k) for r in requests for k in range(repeats)}
            recorded = len(wanted & {record_key(t) for t in load_batch(out_path)})
            raise BatchInterrupted(
                f"interrupted: {recorded} of {len(wanted)} runs are recorded in "
                f"{out_path}, none half-done; run the same command again to resume")
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        bar.close()
    tokens = report.usage.prompt_tokens + report.usage.completion_tokens
    report.cost = round(tokens / 1000 * price, 6)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _stop(pool: ThreadPoolExecutor, pending: set[Future], bar: Any) -> None:
    """Drop what has not started and let the workers finish their current step; more Ctrl-C
    do not cut this short (the process would wait for its threads anyway). To quit at once,
    kill the process: records are written whole or repaired on resume."""
    for future in pending:
        future.cancel()
    running = sum(not f.done() for f in pending)
    bar.close()
    if running:
        print(f"stopping: {running} request(s) in flight end after their current step",
              file=sys.stderr, flush=True)
    while True:
        try:
            pool.shutdown(wait=True, cancel_futures=True)
            return
        except KeyboardInterrupt:
            continue
