"""The batch runner: one record per (request, repeat), failures recorded, resume after kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter

from gba.agent import Agent
from gba.batch import load_batch, record_key, run_batch
from gba.client.fake import FakeClient
from gba.planner import ZeroShotPlanner
from gba.tools.final_answer import FinalAnswer
from gba.trajectory import Request

PLAN = {"context_information_summary": "", "thoughts": "", "task": "Answer.",
        "selected_tool": "final_answer"}


def make(request: Request, repeat: int) -> Agent:
    if request.text == "broken":
        raise RuntimeError("no agent for this one")
    fake = FakeClient([PLAN, {"answer": f"{request.text}#{repeat}"}])
    tools = [FinalAnswer(fake)]
    return Agent(ZeroShotPlanner(fake, tools), tools)


def test_every_request_and_repeat_once_and_failures_recorded(tmp_path):
    out = tmp_path / "b.jsonl"
    requests = [Request(id=f"r{i}", text=f"q{i}") for i in range(5)]
    requests.append(Request(id="bad", text="broken"))
    report = run_batch(requests, make, out, repeats=2, workers=3, progress=False,
                       price_per_1k_tokens=1.0, metadata={"planner": "fake"})
    assert (report.completed, report.errors, report.skipped) == (10, 2, 0)
    records = load_batch(out)
    assert Counter(record_key(t) for t in records) == {(r.id, k): 1 for r in requests
                                                      for k in range(2)}
    bad = [t for t in records if t.request.id == "bad"]
    assert all(t.status == "error" and "no agent" in t.error for t in bad)
    assert {t.final_answer for t in records if t.request.id == "r3"} == {"q3#0", "q3#1"}
    assert report.cost > 0 and all(t.metadata["planner"] == "fake" for t in records)
    again = run_batch(requests, make, out, repeats=2, progress=False)
    assert again.skipped == 12 and again.completed == 0 and len(load_batch(out)) == 12


SLOW_RUN = textwrap.dedent("""
    import sys, time
    from tests.test_batch import make
    from gba.batch import run_batch
    from gba.trajectory import Request
    def slow(request, repeat):
        time.sleep(0.05)
        return make(request, repeat)
    run_batch([Request(id=f"r{i}", text=f"q{i}") for i in range(80)], slow, sys.argv[1],
              progress=False)
""")


def test_resume_after_kill_loses_and_repeats_nothing(tmp_path):
    out = tmp_path / "killed.jsonl"
    script = tmp_path / "slow.py"
    script.write_text(SLOW_RUN)
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    proc = subprocess.Popen([sys.executable, str(script), str(out)], env=env)
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or len(load_batch(out)) < 5):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = len(load_batch(out))
    assert 5 <= partial < 80
    report = run_batch([Request(id=f"r{i}", text=f"q{i}") for i in range(80)], make, out,
                       progress=False)
    assert report.skipped == partial and report.completed == 80 - partial
    keys = Counter(record_key(t) for t in load_batch(out))
    assert len(keys) == 80 and set(keys.values()) == {1}
