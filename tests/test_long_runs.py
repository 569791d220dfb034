"""Long runs (gba.batch under `gba evaluate run` and `gba simulate`): Ctrl-C stops them and
says how to resume, a resume never drops or repeats a record (a complete last record
without its newline included), one writer per file, the same settings on resume, and a
corrupt line is one message. Interrupts and kills are real signals sent to real child
processes; the fault-injection test kills a fast batch at random points and resumes it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from gba.agent import Agent
from gba.batch import BatchInterrupted, load_batch, record_key, run_batch
from gba.cli import main
from gba.client.fake import FakeClient
from gba.planner import ZeroShotPlanner
from gba.runfiles import RunLockedError, SettingsMismatchError
from gba.simulation.scripted import simulate_scripted
from gba.tools.final_answer import FinalAnswer
from gba.trajectory import CorruptRecordError, Request, scan_jsonl

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "OMP_NUM_THREADS": "1",
       "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
PLAN = {"context_information_summary": "", "thoughts": "", "task": "Answer.",
        "selected_tool": "final_answer"}
ONLY_TRAIN = ["--validation", "0", "--test-entities", "0", "--test-templates", "0"]


def requests(n: int) -> list[Request]:
    return [Request(id=f"r{i}", text=f"q{i}") for i in range(n)]


def make(request: Request, repeat: int) -> Agent:
    fake = FakeClient([PLAN, {"answer": f"{request.text}#{repeat}"}])
    tools = [FinalAnswer(fake)]
    return Agent(ZeroShotPlanner(fake, tools), tools)


def assert_each_once(path: Path, n: int) -> None:
    keys = Counter(record_key(t) for t in load_batch(path))
    assert keys == {(f"r{i}", 0): 1 for i in range(n)}


# A batch in a child process: N requests, each `DELAY` seconds per step over `STEPS` steps
# (so a request in flight can be stopped between steps), then the final answer.
CHILD = textwrap.dedent("""
    import sys, time
    from gba.agent import Agent
    from gba.batch import BatchInterrupted, run_batch
    from gba.client.fake import FakeClient
    from gba.planner import ZeroShotPlanner
    from gba.tools.ask_user import AskUser
    from gba.tools.final_answer import FinalAnswer
    from gba.trajectory import Request

    out, n, workers, delay, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), \\
        float(sys.argv[4]), int(sys.argv[5])
    plan = {"context_information_summary": "", "thoughts": "", "task": "Ask.",
            "selected_tool": "ask_user"}
    def ask(question):  # a slow step
        time.sleep(delay)
        return "fine"
    def make(request, repeat):
        asks = [{**plan, "task": f"Ask question {k}."} for k in range(steps)]  # distinct:
        # a repeated call would be reused, not rerun (gba.agent.same_calls)
        fake = FakeClient(asks + [{**plan, "selected_tool": "final_answer"},
                                  {"answer": request.text}])
        tools = [AskUser(ask), FinalAnswer(fake)]
        return Agent(ZeroShotPlanner(fake, tools), tools, max_steps=steps + 2)
    try:
        report = run_batch([Request(id=f"r{i}", text=f"q{i}") for i in range(n)], make, out,
                           workers=workers, progress=False)
    except BatchInterrupted as exc:
        print(exc, file=sys.stderr)
        sys.exit(130)
    print("done", report.completed, report.skipped)
""")


def start_child(tmp_path: Path, out: Path, n: int, *, workers: int = 1, delay: float = 0.0,
                steps: int = 1) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    return subprocess.Popen([sys.executable, str(script), str(out), str(n), str(workers),
                             str(delay), str(steps)], env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_records(out: Path, at_least: int, proc: subprocess.Popen, limit_s: float = 30):
    deadline = time.time() + limit_s
    while time.time() < deadline and proc.poll() is None:
        if out.exists() and len(scan_jsonl(out).records) >= at_least:
            return
        time.sleep(0.01)
    assert proc.poll() is None, proc.communicate()
    raise AssertionError(f"fewer than {at_least} records after {limit_s} s")


def test_ctrl_c_stops_within_one_step_per_worker_and_says_how_to_resume(tmp_path):
    out = tmp_path / "runs.jsonl"
    # 40 requests x 4 steps x 0.1 s on 2 workers: about 8 s if Ctrl-C did not stop it.
    proc = start_child(tmp_path, out, 40, workers=2, delay=0.1, steps=4)
    wait_for_records(out, 2, proc)
    sent = time.time()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    stopped_s = time.time() - sent
    assert proc.returncode == 130, err
    assert stopped_s < 1.5  # one step (0.1 s) per worker, not the whole queue
    lines = [line for line in err.splitlines() if "resume" in line]
    assert len(lines) == 1 and "run the same command again to resume" in lines[0]
    records = load_batch(out)
    assert 2 <= len(records) < 40
    assert f"{len(records)} of 40 runs are recorded" in lines[0]
    assert all(t.status == "completed" and len(t.steps) == 5 for t in records)  # none half-done
    report = run_batch(requests(40), make, out, progress=False)
    assert report.skipped == len(records) and report.completed == 40 - len(records)
    assert_each_once(out, 40)


def test_ctrl_c_in_process_raises_batch_interrupted_and_records_nothing_half_done(tmp_path):
    out = tmp_path / "runs.jsonl"
    calls = []

    def interrupting(request: Request, repeat: int) -> Agent:
        calls.append(request.id)
        if len(calls) == 3:
            os.kill(os.getpid(), signal.SIGINT)  # lands in the main thread, waiting
            time.sleep(0.5)
        return make(request, repeat)

    with pytest.raises(BatchInterrupted, match="2 of 50 runs are recorded"):
        run_batch(requests(50), interrupting, out, progress=False)
    assert calls == ["r0", "r1", "r2"]  # nothing started after Ctrl-C ...
    assert [t.request.id for t in load_batch(out)] == ["r0", "r1"]  # ... r2 stopped unrecorded


def test_a_complete_last_record_without_newline_is_kept_and_counted(tmp_path):
    out = tmp_path / "runs.jsonl"
    run_batch(requests(3), make, out, progress=False)
    out.write_bytes(out.read_bytes().rstrip(b"\n"))  # killed just before the last newline
    assert len(scan_jsonl(out).records) == 3 and scan_jsonl(out).torn_line is None
    report = run_batch(requests(5), make, out, progress=False)
    assert (report.skipped, report.completed) == (3, 2)  # "done" counts r2 ...
    assert_each_once(out, 5)  # ... and the repair kept it
    assert out.read_bytes().count(b"\n") == 5


def test_a_torn_last_line_is_rerun_once(tmp_path):
    out = tmp_path / "runs.jsonl"
    run_batch(requests(3), make, out, progress=False)
    data = out.read_bytes()
    out.write_bytes(data[:-40])  # killed mid-write of r2
    assert scan_jsonl(out).torn_line == 3
    report = run_batch(requests(3), make, out, progress=False)
    assert (report.skipped, report.completed) == (2, 1)
    assert_each_once(out, 3)


def test_fault_injection_cuts_at_random_bytes_then_resumes_exactly_once(tmp_path):
    """A kill can land at any byte of a write: cut a finished file at random offsets
    (around newlines too) and resume each time."""
    full = tmp_path / "full.jsonl"
    run_batch(requests(8), make, full, progress=False)
    data = full.read_bytes()
    newlines = [i for i, b in enumerate(data) if b == ord("\n")]
    rng = random.Random(0)
    cuts = {0, len(data)} | {n + d for n in newlines for d in (-1, 0, 1)}
    cuts |= {rng.randrange(len(data)) for _ in range(60)}
    for cut in sorted(c for c in cuts if 0 <= c <= len(data)):
        out = tmp_path / f"cut{cut}.jsonl"
        out.write_bytes(data[:cut])
        run_batch(requests(8), make, out, progress=False)
        assert_each_once(out, 8)


def test_fault_injection_kills_a_child_at_random_points(tmp_path):
    """SIGKILL (and now and then SIGINT) a fast batch at random moments until it finishes;
    after every stop the file holds each finished request once, and the end holds all."""
    out = tmp_path / "runs.jsonl"
    n, rng, midway = 1000, random.Random(1), 0
    for attempt in range(5):
        before = len(load_batch(out))
        proc = start_child(tmp_path, out, n, workers=3, delay=0.003, steps=1)
        while proc.poll() is None and len(load_batch(out)) <= before:
            time.sleep(0.01)  # past its imports, writing
        time.sleep(rng.uniform(0.0, 0.3))
        sig = signal.SIGINT if attempt == 2 else signal.SIGKILL
        if proc.poll() is None:
            proc.send_signal(sig)
        proc.communicate(timeout=30)
        keys = Counter(record_key(t) for t in load_batch(out))
        assert set(keys.values()) <= {1}
        if proc.returncode == 0:
            break
        midway += 0 < len(keys) < n
    assert midway >= 2  # the kills did land mid-run
    run_batch(requests(n), lambda r, k: make(r, k), out, progress=False)
    assert_each_once(out, n)


def test_a_second_run_into_the_same_file_is_refused(tmp_path):
    out = tmp_path / "runs.jsonl"
    proc = start_child(tmp_path, out, 30, delay=0.2)
    try:
        wait_for_records(out, 1, proc)
        with pytest.raises(RunLockedError, match=f"being written by process {proc.pid}"):
            run_batch(requests(30), make, out, progress=False)
    finally:
        proc.kill()
        proc.wait()
    assert (tmp_path / "runs.jsonl.lock").exists()  # left by the killed run, unlocked ...
    run_batch(requests(30), make, out, progress=False)  # ... so this one takes it
    assert_each_once(out, 30)
    assert not (tmp_path / "runs.jsonl.lock").exists()  # a run that ends removes its lock


def test_a_resume_with_other_settings_is_refused(tmp_path):
    out = tmp_path / "runs.jsonl"
    run_batch(requests(2), make, out, progress=False, metadata={"planner": "a"},
              settings={"max_steps": 10})
    with pytest.raises(SettingsMismatchError, match="max_steps=10 there, max_steps=3 now"):
        run_batch(requests(4), make, out, progress=False, metadata={"planner": "a"},
                  settings={"max_steps": 3})
    assert len(load_batch(out)) == 2


def test_simulate_scripted_refuses_another_seed_in_the_same_folder(tmp_path):
    out = tmp_path / "sim"
    runner = CliRunner()
    args = ["simulate", "scripted", "--out", str(out), "--train", "5", *ONLY_TRAIN]
    assert runner.invoke(main, [*args, "--seed", "0"]).exit_code == 0
    world, records = (out / "world.json").read_bytes(), (out / "train.jsonl").read_bytes()
    again = runner.invoke(main, [*args, "--seed", "1"])
    assert again.exit_code == 1, again.output
    assert "world.json holds another world (another --seed?)" in again.output
    assert "Traceback" not in again.output and again.output.count("\n") == 1
    assert (out / "world.json").read_bytes() == world
    assert (out / "train.jsonl").read_bytes() == records
    other = runner.invoke(main, [*args, "--seed", "0", "--failure-rate", "0.5"])
    assert other.exit_code == 1 and "failure_rate=0.15 there, failure_rate=0.5 now" in \
        other.output
    same = runner.invoke(main, [*args, "--seed", "0", "--train", "7"])  # a resume that grows
    assert same.exit_code == 0 and len(load_batch(out / "train.jsonl")) == 7


def test_simulate_scripted_interrupted_by_ctrl_c_resumes_exactly_once(tmp_path):
    out = tmp_path / "sim"
    N = 2000  # enough that the run cannot finish between the 20th record and the signal
    cmd = [sys.executable, "-c", "from gba.cli import main; main()", "simulate", "scripted",
           "--out", str(out), "--train", str(N), *ONLY_TRAIN]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    wait_for_records(out / "train.jsonl", 20, proc, limit_s=60)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "run the same command again to resume" in err
    done = len(load_batch(out / "train.jsonl"))
    assert 20 <= done < N
    simulate_scripted(out, {"train": N, "validation": 0, "test_entities": 0,
                            "test_templates": 0}, progress=False)
    keys = Counter(t.request.id for t in load_batch(out / "train.jsonl"))
    assert len(keys) == N and set(keys.values()) == {1}


def test_a_corrupt_middle_line_is_one_message_with_file_and_line(tmp_path):
    sim = tmp_path / "sim"
    simulate_scripted(sim, {"train": 4, "validation": 0, "test_entities": 0,
                            "test_templates": 0}, progress=False)
    lines = (sim / "train.jsonl").read_text().splitlines(keepends=True)
    lines[1] = '{"not": "a record"}\n'
    (sim / "train.jsonl").write_text("".join(lines))
    with pytest.raises(CorruptRecordError, match=r"train.jsonl:2: not a valid Trajectory"):
        run_batch(requests(1), make, sim / "train.jsonl", progress=False)
    result = CliRunner().invoke(main, ["simulate", "scripted", "--out", str(sim), "--train",
                                       "4", *ONLY_TRAIN])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{sim / 'train.jsonl'}:2: not a valid Trajectory record" in result.output
    assert result.output.count("\n") == 1


def test_evaluate_resumes_refuses_other_settings_and_reports_a_corrupt_line(tmp_path):
    sim = tmp_path / "sim"
    simulate_scripted(sim, {"train": 5, "validation": 0, "test_entities": 0,
                            "test_templates": 0}, progress=False)
    args = ["evaluate", "run", "--planner", "oracle", "--set", str(sim / "train.jsonl"),
            "--out", str(tmp_path / "eval")]
    runner = CliRunner()
    assert "5 completed" in runner.invoke(main, args).output
    out = tmp_path / "eval" / "train_oracle.jsonl"
    other = runner.invoke(main, [*args, "--max-steps", "4"])
    assert other.exit_code == 1 and "max_steps=10 there, max_steps=4 now" in other.output
    lines = out.read_text().splitlines(keepends=True)
    out.write_text(lines[0] + "{broken\n" + "".join(lines[2:]))
    result = runner.invoke(main, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"error: {out}:2: not a valid Trajectory record")


def test_ctrl_c_during_a_batch_sets_a_flag_instead_of_raising_mid_wait(tmp_path):
    """A KeyboardInterrupt raised wherever the main thread is can land half-way through
    concurrent.futures.wait taking its locks and leave one held: the worker that finishes
    next blocks forever (a CI run hung so). During a batch Ctrl-C only sets a flag."""
    seen = []

    def probing(request: Request, repeat: int) -> Agent:
        seen.append(signal.getsignal(signal.SIGINT))
        return make(request, repeat)

    run_batch(requests(3), probing, tmp_path / "runs.jsonl", progress=False)
    assert seen and all(h is not signal.default_int_handler for h in seen)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored after
