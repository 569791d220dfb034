"""Bad input gets one clear line (cause and fix) and exit 1, never a traceback or a crash:
requests, model and adapter files, --save, --config, `gba show`, `gba index`, `gba evaluate`.
The CLI runs on the fake model where a model is needed; real files throughout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gba.agent import Agent
from gba.cli import main
from gba.client.fake import FakeClient
from gba.config import AgentConfig, ConfigError
from gba.models import NotGGUFError, check_gguf
from gba.planner import ZeroShotPlanner
from gba.tools.final_answer import FinalAnswer
from gba.trajectory import InvalidRequestError, PlanRecord, Request, Step, Trajectory

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "OMP_NUM_THREADS": "1",
       "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
PLAN = {"context_information_summary": "", "thoughts": "", "task": "Answer.",
        "selected_tool": "final_answer"}
GGUF_V3 = b"GGUF" + (3).to_bytes(4, "little") + bytes(16)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def one_error_line(result, *fragments: str) -> None:
    """Exit 1 (or 2 for click's own usage errors), no traceback, the fragments in one line."""
    assert result.exit_code in (1, 2), result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                      SystemExit), result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if "rror" in line]
    assert lines, result.output
    assert all(f in lines[-1] for f in fragments), result.output


def cli(*args: str | bytes) -> subprocess.CompletedProcess:
    """`gba ARGS` in a real child process (bytes arguments pass through undecoded)."""
    return subprocess.run([sys.executable, "-c", "from gba.cli import main; main()", *args],
                          env=ENV, capture_output=True, timeout=120)


# Requests


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_an_empty_request_is_refused_before_any_model_call(fake, text):
    result = invoke("run", text, "--no-wikipedia")
    one_error_line(result, "the request is empty")
    assert fake.calls == []


def test_agent_run_refuses_an_empty_request():
    fake = FakeClient([PLAN, {"answer": "an invented question"}])
    tools = [FinalAnswer(fake)]
    agent = Agent(ZeroShotPlanner(fake, tools), tools)
    with pytest.raises(InvalidRequestError, match="empty"):
        agent.run("  ")
    with pytest.raises(InvalidRequestError, match="empty"):
        agent.run(Request(text=""))
    assert fake.calls == []


def test_a_request_that_is_not_utf8_is_refused_up_front():
    done = cli("run", b"caf\xe9 \xff?", "--no-wikipedia")  # Latin-1 bytes, not UTF-8
    assert done.returncode == 1, done.stderr
    err = done.stderr.decode()
    assert "error: the request is not valid UTF-8 text" in err and "Traceback" not in err
    assert "loading models" not in err  # refused before anything loads


def test_utf8_bytes_a_shell_left_undecoded_are_decoded(fake, tmp_path):
    fake.push(PLAN, {"answer": "Yes."})
    saved = tmp_path / "t.json"
    result = invoke("run", "caf\udcc3\udca9?", "--no-wikipedia", "--save", str(saved))
    assert result.exit_code == 0, result.output
    assert Trajectory.load(saved).request.text == "café?"


# Model and adapter files


@pytest.mark.parametrize("content, says", [
    (os.urandom(64), "is not a GGUF file"),
    (b"just some text\n", "is not a GGUF file (it starts with b'just'"),
    (b"GGUF\x03\x00", "is cut off"),
    (b"GGUF" + (9).to_bytes(4, "little") + bytes(16), "GGUF version 9"),
])
def test_check_gguf_names_what_is_wrong(tmp_path, content, says):
    path = tmp_path / "x.gguf"
    path.write_bytes(content)
    with pytest.raises(NotGGUFError) as info:
        check_gguf(path, "LoRA adapter")
    assert says in str(info.value) and str(path) in str(info.value)
    good = tmp_path / "ok.gguf"
    good.write_bytes(GGUF_V3)
    assert check_gguf(good) == good


def test_model_pointing_at_a_text_file_is_one_line(tmp_path):
    model = tmp_path / "notes.gguf"
    model.write_text("not a model\n")
    result = invoke("run", "Hi", "--no-wikipedia", "--model", str(model))
    one_error_line(result, str(model), "is not a GGUF file")


@pytest.mark.parametrize("content", [os.urandom(4096), b"a text file, not an adapter\n"])
def test_lora_pointing_at_random_bytes_or_text_does_not_crash(tmp_path, content):
    from gba.errors import ModelNotFoundError
    from gba.models import resolve_model

    try:
        resolve_model()
    except ModelNotFoundError as exc:
        pytest.skip(str(exc))
    lora = tmp_path / "adapter.gguf"
    lora.write_bytes(content)
    done = cli("run", "Hi", "--no-wikipedia", "--lora", str(lora))
    err = done.stderr.decode()
    assert done.returncode == 1, err  # not -11 (a segfault)
    assert f"error: {lora} is not a GGUF file" in err and "Traceback" not in err


# --save


def test_save_into_an_unwritable_place_is_refused_before_the_first_step(fake, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = invoke("run", "Hi", "--no-wikipedia", "--save", str(blocker / "run.json"))
    one_error_line(result, "cannot write under", "is a file, not a folder")
    assert fake.calls == []
    folder = tmp_path / "out"
    folder.mkdir()
    one_error_line(invoke("run", "Hi", "--no-wikipedia", "--save", str(folder)),
                   "is a directory")  # click's own check


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_save_into_a_read_only_folder_is_refused(fake, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        one_error_line(invoke("run", "Hi", "--no-wikipedia", "--save", str(folder / "r.json")),
                       "cannot write under")
    finally:
        folder.chmod(0o700)
    assert fake.calls == []


@pytest.mark.parametrize("flag", [["run", "Hi", "--no-wikipedia"], ["evaluate", "run",
                                                                     "--planner", "oracle"]])
@pytest.mark.parametrize("steps", ["0", "-3"])
def test_max_steps_below_one_is_refused(fake, flag, steps):
    result = invoke(*flag, "--max-steps", steps)
    assert result.exit_code == 2 and "--max-steps" in result.output
    assert "Traceback" not in result.output and fake.calls == []


# --config


def write(tmp_path: Path, text: str, name: str = "cfg.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_config_with_a_toml_syntax_error_names_the_line(fake, tmp_path):
    path = write(tmp_path, "max_steps = 4\n[planner\nbackend = 'local'\n")
    one_error_line(invoke("run", "Hi", "--config", str(path)), "is not valid TOML", "line 2")


def test_config_with_a_wrongly_typed_value_names_key_line_and_what_is_allowed(tmp_path):
    path = write(tmp_path, "max_steps = 'ten'\n\n[planner]\nbackend = 'vllm'\n")
    with pytest.raises(ConfigError) as info:
        AgentConfig.load(path)
    message = str(info.value)
    assert f"{path}:1: max_steps: Input should be a valid integer" in message
    assert f"{path}:4: planner.backend: Input should be 'local', 'llama-server' or 'openai'" \
        in message and '(got "vllm")' in message
    assert "\n" not in message


@pytest.mark.parametrize("text, says", [
    ("maxstep = 3\n", "cfg.toml:1: unknown key 'maxstep': did you mean 'max_steps'?"),
    ("[planner]\nmodle = 'x'\n", "cfg.toml:2: unknown key 'modle' in [planner]: did you mean "
                                "'model'?"),
    ("[toolz]\nbackend = 'local'\n", "cfg.toml:1: unknown key 'toolz': did you mean 'tools'?"),
    ("[tool_clients.final_answer]\nbase_ur = 'http://x'\n",
     "cfg.toml:2: unknown key 'base_ur' in [tool_clients.final_answer]: did you mean "
     "'base_url'?"),
])
def test_config_unknown_keys_are_refused_with_a_suggestion(fake, tmp_path, text, says):
    path = write(tmp_path, text)
    result = invoke("run", "Hi", "--config", str(path))
    one_error_line(result, says, "allowed: ")
    assert fake.calls == []


def test_config_max_steps_zero_and_json_errors(tmp_path):
    with pytest.raises(ConfigError, match="max_steps: Input should be greater than or equal"):
        AgentConfig.load(write(tmp_path, "max_steps = 0\n"))
    with pytest.raises(ConfigError, match="is not valid JSON"):
        AgentConfig.load(write(tmp_path, "{'planner': 1", name="cfg.json"))
    with pytest.raises(ConfigError, match="unknown key 'x' in \\[planner\\]"):
        AgentConfig.load(write(tmp_path, '{"planner": {"x": 1}}', name="cfg.json"))


def test_the_published_config_still_loads():
    assert AgentConfig.load(ROOT / "configs" / "published.toml").max_steps == 10


# gba show


def record(text: str = "What is 2+2?") -> Trajectory:
    step = Step(index=0, plan=PlanRecord(task="Answer.", selected_tool="final_answer"),
                tool="final_answer", observation="4")
    return Trajectory(request=Request(text=text), steps=[step], final_answer="4",
                      status="completed")


@pytest.mark.parametrize("content", [b"", b'{"request": {"text": "cut', b"\x00\xff garbage",
                                     b'{"id": 3}'])
def test_show_on_an_empty_truncated_or_garbage_file(tmp_path, content):
    path = tmp_path / "t.json"
    path.write_bytes(content)
    one_error_line(invoke("show", str(path)), str(path), "is not a saved trajectory")


def test_show_on_an_empty_jsonl_says_so(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b"")
    one_error_line(invoke("show", str(path)), "holds no trajectories")


def test_show_says_when_the_last_line_of_a_jsonl_is_torn(tmp_path):
    path = tmp_path / "runs.jsonl"
    good, torn = record("first").model_dump_json(), record("second").model_dump_json()
    path.write_text(good + "\n" + torn[:50])
    result = CliRunner().invoke(main, ["show", str(path)])
    assert result.exit_code == 0, result.output
    assert "[completed] first" in result.output and "second" not in result.stdout
    assert f"note: line 2 of {path} is cut off" in result.output


def test_show_escapes_terminal_control_sequences(tmp_path):
    path = tmp_path / "t.json"
    record("clear\x1b[2J\x1b]0;owned\x07 me\rback").save(path)
    result = CliRunner().invoke(main, ["show", str(path)])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\r" not in result.stdout
    assert "clear\\x1b[2J\\x1b]0;owned\\x07 me\\rback" in result.stdout


def test_show_on_a_jsonl_with_a_corrupt_middle_line(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text(record().model_dump_json() + "\nnot json\n" + record().model_dump_json()
                    + "\n")
    one_error_line(invoke("show", str(path)), f"{path}:2: not a valid Trajectory record")


# gba index


def test_index_query_without_an_index_says_how_to_build_one(tmp_path, monkeypatch):
    pytest.importorskip("faiss", reason="needs the search extra")
    monkeypatch.setenv("GBA_HOME", str(tmp_path))
    one_error_line(invoke("index", "query", "Mona Lisa"), "gba index build")


def test_index_build_into_an_unwritable_place_is_refused_before_loading(tmp_path,
                                                                        monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setattr("gba.retrieval.embedder.load_embedder",
                        lambda *a, **k: pytest.fail("the embedder must not load"))
    one_error_line(invoke("index", "build", "--out", str(blocker / "idx")),
                   "cannot write under")


# gba evaluate


def test_evaluate_with_a_missing_set_file(tmp_path):
    missing = tmp_path / "nope.jsonl"
    one_error_line(invoke("evaluate", "run", "--planner", "zero-shot", "--set", str(missing),
                          "--environment", "real"), "no request set at", str(missing))


def test_evaluate_oracle_in_the_real_environment(tmp_path):
    one_error_line(invoke("evaluate", "run", "--planner", "oracle", "--environment", "real",
                          "--out", str(tmp_path)), "oracle", "--environment scripted")


def test_evaluate_scripted_set_without_its_world(tmp_path):
    requests = tmp_path / "set.jsonl"
    requests.write_text(Request(id="a", text="hi").model_dump_json() + "\n")
    one_error_line(invoke("evaluate", "run", "--planner", "oracle", "--set", str(requests),
                          "--out", str(tmp_path)), "no world.json next to")


def test_evaluate_with_a_set_file_that_is_not_requests(tmp_path):
    garbage = tmp_path / "set.jsonl"
    garbage.write_text('{"text": "fine"}\nnot json at all\n')
    one_error_line(invoke("evaluate", "run", "--planner", "zero-shot", "--set", str(garbage),
                          "--environment", "real", "--out", str(tmp_path)),
                   "is not a JSONL of requests")


def test_a_missing_or_damaged_example_bank_is_one_line(tmp_path):
    one_error_line(invoke("index", "examples", "--bank", str(tmp_path / "absent.jsonl")),
                   "no example bank", "gba simulate examples")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"task": "x"\n')
    one_error_line(invoke("index", "examples", "--bank", str(bad)), "line 1",
                   "gba simulate examples")
    one_error_line(invoke("simulate", "examples", str(tmp_path)), "no ", "train.jsonl")
