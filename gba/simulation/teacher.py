"""The LLM-teacher simulation (the published method): an LLM writes the requests, plans them,
plays the tools and the user, and (optionally) judges the trajectories.

Stages, each resumable and recorded under one folder:

    requests.jsonl             generated requests (TeacherRequest), split train/test
    overlap.json               train/test (and --exclude) overlap check
    trajectories/<split>.jsonl one Trajectory per request (gba.batch: workers, resumable)
    judgments/<split>.jsonl    the judge's ratings (gba.simulation.judge), with --judge
    kept/<split>.jsonl         trajectories judged >= threshold

    gba simulate teacher --out runs/teacher --requests 200 --backend openai --model gpt-4o
    gba simulate teacher --out runs/t --backend llama-server --base-url http://127.0.0.1:8080

Any backend works (`ClientConfig`: OpenAI and OpenAI-compatible servers such as vLLM,
llama.cpp's llama-server, the in-process model); each role may get its own model.

>>> from gba.client.fake import FakeClient
>>> plan = {"context_information_summary": "", "thoughts": "", "task": "Say hi.",
...         "selected_tool": "final_answer"}
>>> fake = FakeClient([plan, {"answer": "Hi!"}])
>>> agent = teacher_agent(TeacherRoles.single(fake), TeacherSettings(), "t-1")
>>> agent.run("Greet me").final_answer
'Hi!'
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from gba.agent import Agent
from gba.batch import BatchReport, run_batch
from gba.client.base import LLMClient, Usage
from gba.planner.schema import FIELD_DOCS
from gba.planner.zero_shot import ZeroShotPlanner
from gba.simulation.simulated import FailureInjection, SimulatedTool, SimulatedUser, scripted_user
from gba.simulation.teacher_requests import (
    GenerationReport,
    TeacherRequest,
    find_overlap,
    generate_requests,
    prompt_text,
)
from gba.tools.base import Tool
from gba.tools.calculate import CalculateNumber
from gba.tools.final_answer import FinalAnswer
from gba.trajectory import Request

DEFAULT_TOOLS = ["ask_user", "calculate_number", "search_wikipedia", "search_internet",
                 "final_answer"]


class TeacherPlanner(ZeroShotPlanner):
    """The zero-shot planner with a richer system prompt (prompts/planner.system.txt):
    planning rules and a worked example."""

    name = "teacher"

    def __init__(self, client: LLMClient, tools: list[Tool], **kwargs):
        super().__init__(client, tools, **kwargs)
        self.system = prompt_text("planner.system.txt").format(
            tools="\n".join(f"- {t.name}: {t.description}" for t in tools),
            fields="\n".join(f"- {k}: {v}" for k, v in FIELD_DOCS.items()),
            final_tool=self.final_tool)


class TeacherSettings(BaseModel):
    """Everything about a teacher run except the models (stored as settings.json)."""

    tools: list[str] = Field(default_factory=lambda: list(DEFAULT_TOOLS))
    planner: Literal["teacher", "zero-shot"] = "teacher"
    user: Literal["simulated", "scripted"] = "simulated"
    user_default: str = "I'd rather not say; use a typical value."
    real_calculator: bool = Field(default=False, description="run calculate_number for real "
                                  "(the teacher writes code, the sandbox runs it)")
    failure: FailureInjection = Field(default_factory=FailureInjection)
    max_steps: int = 10
    planner_max_tokens: int = 400
    tool_max_tokens: int = 300
    answer_max_tokens: int = 256
    seed: int = 0


@dataclass
class TeacherRoles:
    """The clients of a teacher run: planner, simulated tools (and final answer), user, judge."""

    planner: LLMClient
    tools: LLMClient
    user: LLMClient
    judge: LLMClient

    @classmethod
    def single(cls, client: LLMClient) -> TeacherRoles:
        """One model for every role."""
        return cls(client, client, client, client)


def teacher_tools(roles: TeacherRoles, settings: TeacherSettings, request_id: str,
                  repeat: int = 0) -> list[Tool]:
    """The tool set of one request (failure draws seeded by request, repeat and seed)."""
    rng = random.Random(f"gba-teacher-tools-{request_id}-{repeat}-{settings.seed}")
    tools: list[Tool] = []
    for name in settings.tools:
        if name == "final_answer":
            continue
        if name == "ask_user":
            tools.append(SimulatedUser(roles.user) if settings.user == "simulated"
                         else scripted_user(default=settings.user_default))
        elif name == "calculate_number" and settings.real_calculator:
            tools.append(CalculateNumber(roles.tools))
        else:
            tools.append(SimulatedTool(name, roles.tools, rng, failure=settings.failure,
                                       max_tokens=settings.tool_max_tokens))
    return tools + [FinalAnswer(roles.tools, max_tokens=settings.answer_max_tokens)]


def teacher_agent(roles: TeacherRoles, settings: TeacherSettings, request_id: str,
                  repeat: int = 0) -> Agent:
    """The teacher planner with simulated tools, for one request."""
    tools = teacher_tools(roles, settings, request_id, repeat)
    kind = TeacherPlanner if settings.planner == "teacher" else ZeroShotPlanner
    planner = kind(roles.planner, tools, max_tokens=settings.planner_max_tokens)
    return Agent(planner, tools, max_steps=settings.max_steps)


class TeacherReport(BaseModel):
    """What `simulate_teacher` did, stage by stage (also written to report.json)."""

    generation: GenerationReport = Field(default_factory=GenerationReport)
    requests: dict[str, int] = Field(default_factory=dict)
    overlap_moved: int = 0
    overlap_excluded: int = 0
    runs: dict[str, BatchReport] = Field(default_factory=dict)
    judged: dict[str, dict] = Field(default_factory=dict)
    usage: Usage = Usage()
    cost: float = 0.0


def check_overlap(requests: list[TeacherRequest], exclude: list[str], threshold: float,
                  out: Path | None = None) -> tuple[list[TeacherRequest], int, int]:
    """Train/test overlap check. Test requests within `threshold` of a training request move
    to train; training requests within `threshold` of an excluded text (an evaluation set)
    are dropped. Returns (requests, moved, dropped) and writes the findings to `out`."""
    train = [r.text for r in requests if r.split == "train"]
    inner = find_overlap(train, [r.text for r in requests if r.split == "test"], threshold)
    moved = {o.test for o in inner}
    outer = find_overlap(exclude, train, threshold) if exclude else []
    dropped = {o.test for o in outer}
    kept = []
    for r in requests:
        if r.text in dropped:
            continue
        kept.append(r.model_copy(update={"split": "train"}) if r.text in moved else r)
    if out is not None:
        out.write_text(json.dumps({
            "threshold": threshold, "test_moved_to_train": [o.model_dump() for o in inner],
            "train_dropped_as_in_excluded_sets": [o.model_dump() for o in outer]}, indent=1))
    return kept, len(moved), len(dropped)


def simulate_teacher(
    out_dir: str | Path, roles: TeacherRoles, *, n_requests: int = 100,
    settings: TeacherSettings | None = None, test_fraction: float = 0.1,
    exclude: list[str] | None = None, overlap_threshold: float = 0.7,
    splits: tuple[str, ...] = ("train",), workers: int = 1, judge: bool = False,
    threshold: int = 4, per_call: int = 5, price_per_1k_tokens: float = 0.0,
    progress: bool = True,
) -> TeacherReport:
    """Generate requests, run the teacher on the requests of `splits`, optionally judge and
    filter. Rerunning with the same folder resumes every stage."""
    settings = settings or TeacherSettings()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "settings.json").write_text(settings.model_dump_json(indent=1))
    report = TeacherReport()
    requests = generate_requests(
        roles.planner, n_requests, out=out / "requests.jsonl", per_call=per_call,
        tools=settings.tools, test_fraction=test_fraction, exclude=exclude or (),
        overlap_threshold=overlap_threshold, seed=settings.seed, progress=progress,
        report=report.generation)
    requests, report.overlap_moved, report.overlap_excluded = check_overlap(
        requests, exclude or [], overlap_threshold, out / "overlap.json")
    for split in ("train", "test"):
        report.requests[split] = sum(r.split == split for r in requests)
    total = report.generation.usage
    for split in splits:
        chosen = [r.to_request() for r in requests if r.split == split]
        path = out / "trajectories" / f"{split}.jsonl"

        def make(request: Request, repeat: int) -> Agent:
            return teacher_agent(roles, settings, request.id, repeat)

        run = run_batch(chosen, make, path, workers=workers, desc=f"teacher {split}",
                        progress=progress, price_per_1k_tokens=price_per_1k_tokens,
                        metadata={"planner": settings.planner, "environment": "teacher"},
                        settings=settings.model_dump(mode="json"))
        report.runs[split] = run
        total = total + run.usage
        if judge:
            from gba.simulation.judge import filter_file, judge_file

            judged = judge_file(path, roles.judge, out / "judgments" / f"{split}.jsonl",
                                workers=workers, progress=progress)
            kept = filter_file(path, out / "judgments" / f"{split}.jsonl",
                               out / "kept" / f"{split}.jsonl", threshold=threshold)
            report.judged[split] = {**judged.model_dump(), "kept": kept}
            total = total + judged.usage
    report.usage = total
    tokens = total.prompt_tokens + total.completion_tokens
    report.cost = round(tokens / 1000 * price_per_1k_tokens, 6)
    (out / "report.json").write_text(report.model_dump_json(indent=1))
    return report
