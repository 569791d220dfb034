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

from pydantic import BaseModel, Field, ValidationError

from gba.client.base import Usage
from gba.errors import GBAError


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class Request(BaseModel):
    """A user request. `source` says where it came from (user, scripted world, teacher...);
    `ground_truth` holds the verifiable answer and reference steps where one is known."""

    id: str = Field(default_factory=new_id)
    text: str
    source: str = "user"
    ground_truth: dict[str, Any] | None = None


class InvalidRequestError(GBAError, ValueError):
    """A request the agent cannot take: empty, or text that is not valid Unicode."""


def request_text(text: str) -> str:
    """The request as the agent takes it, or InvalidRequestError saying why not.

    Bytes a shell could not decode (Python's surrogate escapes, e.g. UTF-8 typed in a C
    locale) are decoded as UTF-8 where they are valid; anything else that cannot be
    written as UTF-8 is refused, and so is an empty or whitespace-only request.

    >>> request_text("caf\\udcc3\\udca9?")
    'café?'
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeError:
            raise InvalidRequestError(
                "the request is not valid UTF-8 text: check the terminal's encoding (e.g. "
                "LANG=C.UTF-8) or the file it came from") from None
    if not text.strip():
        raise InvalidRequestError(
            "the request is empty: give the question or task to work on as text")
    return text


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
    result: dict[str, Any] = Field(
        default_factory=dict, description="the tool's structured result (e.g. code and value "
        "of a calculation, the answer of a search), as data beside the observation text")
    error: str | None = Field(default=None, description="set when the tool failed")
    note: str | None = Field(default=None, description="set when the agent ran another tool "
                             "than the plan's (a repeated step is answered instead)")
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
        """Write this record as pretty JSON (one file, replaced atomically, so a kill never
        leaves half a file) or append it to a .jsonl file."""
        path = Path(path)
        if path.suffix == ".jsonl":
            append_jsonl(path, self)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(self.model_dump_json(indent=2), encoding="utf-8")
            os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | Path) -> Trajectory:
        """Read a record saved as JSON; CorruptRecordError (one line: file and cause) when the
        file is empty, cut off or not a trajectory."""
        path = Path(path)
        try:
            return cls.model_validate_json(path.read_bytes())
        except ValueError as exc:
            raise CorruptRecordError(f"{path} is not a saved trajectory ({_first_error(exc)})"
                                     ) from None


class CorruptRecordError(GBAError, ValueError):
    """A records file holds something that is not a record (named by file and line)."""


def _first_error(exc: Exception) -> str:
    """The first problem of a validation error, on one line."""
    if isinstance(exc, ValidationError) and exc.errors():
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        return f"{where + ': ' if where else ''}{err['msg']}{more}"
    return " ".join(str(exc).split())


class JsonlContents(BaseModel):
    """What a JSONL file holds: its records and, when the last line was cut off by an
    interrupted write (it will be dropped before the next append), that line's number."""

    model_config = {"arbitrary_types_allowed": True}

    records: list[Any] = Field(default_factory=list)
    torn_line: int | None = None


def _parse_line(raw: bytes, model: type[BaseModel]) -> BaseModel:
    return model.model_validate_json(raw.decode("utf-8"))


def _unterminated_tail_is_record(data: bytes, model: type[BaseModel]) -> bool:
    """The one rule for a last line without its newline, shared by the reader and the
    repair: it is a record (kept, counted as done, and given its newline) when it parses as
    one; otherwise it is torn (skipped, then cut before the next append)."""
    tail = data[data.rfind(b"\n") + 1:]
    if not tail.strip():
        return True
    try:
        _parse_line(tail, model)
    except ValueError:
        return False
    return True


def append_jsonl(path: str | Path, record: BaseModel) -> None:
    """Append one record as a line and fsync, so a crash loses at most the record in flight."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _repair_tail(path, type(record))
    line = record.model_dump_json() + "\n"
    with open(path, "a", encoding="utf-8") as f:
        f.write(line)
        f.flush()
        os.fsync(f.fileno())


def _repair_tail(path: Path, model: type[BaseModel]) -> None:
    """Make the file end with a newline before appending: a complete last record missing
    only its newline gets it; a partial last line left by a crash mid-write is cut."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as f:
        f.seek(-1, os.SEEK_END)
        if f.read(1) == b"\n":
            return
        data = path.read_bytes()
        if _unterminated_tail_is_record(data, model):
            f.seek(0, os.SEEK_END)
            f.write(b"\n")
        else:
            f.truncate(data.rfind(b"\n") + 1)
        f.flush()
        os.fsync(f.fileno())


def scan_jsonl(path: str | Path, model: type[BaseModel] = Trajectory) -> JsonlContents:
    """Every record in a JSONL file, and whether its last line is torn. A torn last line (a
    crash mid-write) is reported, not raised; a malformed line elsewhere raises
    CorruptRecordError naming the file and line."""
    path = Path(path)
    found = JsonlContents()
    if not path.exists():
        return found
    data = path.read_bytes()
    lines = data.split(b"\n")
    unterminated = not data.endswith(b"\n")
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            found.records.append(_parse_line(raw, model))
        except ValueError as exc:
            if number == len(lines) and unterminated:
                found.torn_line = number  # the same rule as _unterminated_tail_is_record
                break
            raise CorruptRecordError(
                f"{path}:{number}: not a valid {model.__name__} record ({_first_error(exc)}); "
                "fix or delete that line, then rerun") from None
    return found


def iter_jsonl(path: str | Path, model: type[BaseModel] = Trajectory) -> Iterator[BaseModel]:
    """Yield the records of a JSONL file (see `scan_jsonl`: a torn last line is skipped)."""
    yield from scan_jsonl(path, model).records


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
             "real-broad-test": REAL_REQUESTS.with_name("real_broad_test.jsonl"),
             "real-dev-words": REAL_REQUESTS.with_name("real_dev_words.jsonl"),
             "real-dev-lookups": REAL_REQUESTS.with_name("real_dev_lookups.jsonl"),
             "real-dev-mixed": REAL_REQUESTS.with_name("real_dev_mixed.jsonl"),
             "real-dev-fresh": REAL_REQUESTS.with_name("real_dev_fresh.jsonl")}


def request_set(name: str, limit: int | None = None) -> list[Request]:
    """'real' (the 60 hand-written requests used while developing), 'real-test' (40 more,
    written before the 524-step adapter was trained and never used to change it),
    'real-broad-test' (117 requests of every kind, written before the issue-18 retraining, for
    the final table only), 'real-dev-words' (40 word problems, conversions and requests that
    need the user's numbers, in words of our own: a development set, for choosing),
    'real-dev-lookups' (42 lookups of held-out entities and conversions in words of our own:
    a development set, scripts/check_dev_lookups.py), 'real-dev-mixed' (44 requests that need
    the user's numbers, lookups combined with them, comparisons, quantities and two-entity
    calculations, in words of our own: a development set, scripts/check_dev_mixed.py),
    'real-dev-fresh' (48 requests of every kind, with entities and words used in no other set:
    a development set, scripts/check_dev_fresh.py) or a path to a JSONL of requests /
    trajectories (their requests are used).

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
