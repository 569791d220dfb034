"""The Trajectory record: one agent run on one request, shared by the agent, the simulation,
dataset packaging and evaluation. Stored as JSONL, append-only, one record per request, so an
interrupted run resumes without losing or repeating work. Request sets (`request_set`: the
committed real requests, or any JSONL of requests or trajectories) load from here too.

Leaves out how records are produced (gba.agent, gba.simulation) and scored
(gba.evaluation).

>>> t = Trajectory(request=Request(text="What is 2+2?"))
>>> t.status
'running'
>>> Trajectory.model_validate_json(t.model_dump_json()).request.text
'What is 2+2?'
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from gba.client.base import Usage


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class Request(BaseModel):
    """A user request. `source` says where it came from (user, scripted world, teacher...);
    `ground_truth` holds the verifiable answer and reference steps where one is known."""

    id: str = Field(default_factory=new_id)
    text: str
    source: str = "user"
    ground_truth: dict[str, Any] | None = None


class PlanRecord(BaseModel):
    """The planner's output for one step, as stored: the one definition of the plan's fields,
    their order and their descriptions. The generation schema (gba.planner.schema.plan_model)
    is derived from it, adding length caps and making the tool an enum of the tools available;
    stored records keep the tool as a plain string and are not capped."""

    context_information_summary: str = Field(
        default="", description="what is known so far from the request and earlier steps, "
        "with the concrete values needed next")
    thoughts: str = Field(
        default="", description="brief reasoning about what is still missing and how to get it")
    task: str = Field(
        description="the next step as an instruction to the tool, including every input value "
        "it needs")
    selected_tool: str = Field(description="the tool that carries out the task")


class Step(BaseModel):
    """One plan -> tool -> observation step."""

    index: int
    plan: PlanRecord
    tool: str = Field(description="the tool actually run, after alias resolution")
    observation: str = ""
    sources: list[str] = Field(default_factory=list)
    error: str | None = Field(default=None, description="set when the tool failed")
    planner_usage: Usage = Field(default_factory=Usage)
    tool_usage: Usage = Field(default_factory=Usage)
    planner_s: float = 0.0
    tool_s: float = 0.0

    @property
    def task(self) -> str:
        return self.plan.task


Status = Literal["running", "completed", "step_limit", "error", "interrupted"]


class Trajectory(BaseModel):
    """A whole run: request, steps, final answer and how it ended."""

    id: str = Field(default_factory=new_id)
    request: Request
    steps: list[Step] = Field(default_factory=list)
    final_answer: str | None = None
    status: Status = "running"
    error: str | None = None
    planner: str = ""
    created_at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat())
    duration_s: float = 0.0
    metadata: dict[str, Any] = Field(default_factory=dict)

    @property
    def usage(self) -> Usage:
        total = Usage()
        for step in self.steps:
            total = total + step.planner_usage + step.tool_usage
        return total

    def save(self, path: str | Path) -> None:
        """Write this record as pretty JSON (one file) or append it to a .jsonl file."""
        path = Path(path)
        if path.suffix == ".jsonl":
            append_jsonl(path, self)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.model_dump_json(indent=2))

    @classmethod
    def load(cls, path: str | Path) -> Trajectory:
        return cls.model_validate_json(Path(path).read_text())


def append_jsonl(path: str | Path, record: BaseModel) -> None:
    """Append one record as a line and fsync, so a crash loses at most the record in flight."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _drop_torn_tail(path)
    line = record.model_dump_json() + "\n"
    with open(path, "a", encoding="utf-8") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())


def _drop_torn_tail(path: Path) -> None:
    """Cut a partial last line left by a crash mid-write, so the next append starts clean."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as f:
        f.seek(-1, os.SEEK_END)
        if f.read(1) == b"\n":
            return
        data = path.read_bytes()
        f.truncate(data.rfind(b"\n") + 1)


def iter_jsonl(path: str | Path, model: type[BaseModel] = Trajectory) -> Iterator[BaseModel]:
    """Yield records from a JSONL file. A torn last line (a crash mid-write) is skipped;
    a malformed line elsewhere is an error naming the line."""
    path = Path(path)
    if not path.exists():
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield model.model_validate_json(line)
        except ValueError as exc:
            if number == len(lines):
                return  # torn final line from an interrupted write
            raise ValueError(f"{path}:{number}: not a valid {model.__name__} record: {exc}") from None


def done_request_ids(path: str | Path) -> set[str]:
    """Ids of requests already recorded in a JSONL file (to resume a run)."""
    ids: set[str] = set()
    for rec in iter_jsonl(path):
        ids.add(rec.request.id)  # type: ignore[attr-defined]
    return ids


def read_jsonl(path: str | Path, model: type[BaseModel] = Trajectory) -> list[BaseModel]:
    return list(iter_jsonl(path, model))


REAL_REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests" / "real.jsonl"
REAL_TEST_REQUESTS = REAL_REQUESTS.with_name("real_test.jsonl")
REAL_SETS = {"real": REAL_REQUESTS, "real-test": REAL_TEST_REQUESTS,
             "real-broad-test": REAL_REQUESTS.with_name("real_broad_test.jsonl")}


def request_set(name: str, limit: int | None = None) -> list[Request]:
    """'real' (the 60 hand-written requests used while developing), 'real-test' (40 more,
    written before the 524-step adapter was trained and never used to change it),
    'real-broad-test' (117 requests of every kind, written before the issue-18 retraining, for
    the final table only) or a path to a JSONL of requests / trajectories (their requests are
    used).

    >>> request_set("real")[0].text
    'What is 17 times 23, plus 4?'
    """
    import json

    path = REAL_SETS.get(name, Path(name))
    if not path.is_file():
        raise FileNotFoundError(f"no request set at {path}")
    requests = []
    for line in path.read_text().splitlines():
        if line.strip():
            data = json.loads(line)
            requests.append(Request.model_validate(data.get("request", data)))
    return requests[:limit]
