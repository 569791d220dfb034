from __future__ import annotations

import pytest

from gba.trajectory import (
    PlanRecord,
    Request,
    Step,
    Trajectory,
    append_jsonl,
    done_request_ids,
    read_jsonl,
)


def make(i: int) -> Trajectory:
    step = Step(index=0, plan=PlanRecord(task=f"t{i}", selected_tool="final_answer"),
                tool="final_answer", observation=f"answer {i}")
    return Trajectory(request=Request(id=f"r{i}", text=f"q{i}"), steps=[step],
                      final_answer=f"answer {i}", status="completed")


def test_json_round_trip(tmp_path):
    t = make(1)
    t.save(tmp_path / "t.json")
    back = Trajectory.load(tmp_path / "t.json")
    assert back == t
    assert back.steps[0].task == "t1"


def test_jsonl_append_and_resume(tmp_path):
    path = tmp_path / "runs.jsonl"
    for i in range(3):
        append_jsonl(path, make(i))
    assert done_request_ids(path) == {"r0", "r1", "r2"}
    assert [t.final_answer for t in read_jsonl(path)] == ["answer 0", "answer 1", "answer 2"]


def test_torn_last_line_is_dropped_and_repaired(tmp_path):
    path = tmp_path / "runs.jsonl"
    append_jsonl(path, make(0))
    with open(path, "a") as f:
        f.write(make(1).model_dump_json()[:40])  # a crash mid-write
    assert done_request_ids(path) == {"r0"}
    append_jsonl(path, make(2))
    assert [t.request.id for t in read_jsonl(path)] == ["r0", "r2"]


def test_malformed_middle_line_is_an_error(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text(make(0).model_dump_json() + "\n{garbage}\n" + make(1).model_dump_json() + "\n")
    with pytest.raises(ValueError, match=":2:"):
        read_jsonl(path)
