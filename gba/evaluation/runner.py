"""Run a planner over a request set, one resumable JSONL per (set, planner).

Environments: `scripted` (the planner with the scripted world's tools: measures planning
alone), `real` (the default agent's real tools, with the same model playing the tool roles,
and `ask_user` answered from the request's ground truth: measures the whole agent) and
`simulated` (an LLM plays the tools and the user). Each is a small `make_agent(request,
repeat)` callable built here; `planner_factory` makes the planner for a tool set. Request sets
load with `gba.trajectory.request_set`.

Leaves out scoring (metrics.py, report.py) and the batch loop itself (gba.batch).

>>> user = GroundTruthUser()
>>> user.start(Request(text="Am I old?", ground_truth={"answer": "", "user_facts": {
...     "birth_year": "1990", "height": "170 cm"}}))
>>> user("What year were you born?"), user("Anything else?")
('1990', 'birth year: 1990; height: 170 cm')
>>> user.start(Request(text="Gym hours?", ground_truth={"answer": "", "user_facts": {
...     "how often": "I go 4 times a week.", "weekly": "I go 4 times a week.",
...     "how long": "Each session lasts 1.5 hours."}}))
>>> user("Which other numbers do you need?")
'I go 4 times a week. Each session lasts 1.5 hours.'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from gba.batch import BatchReport, run_batch
from gba.client.base import LLMClient
from gba.planner import FineTunedPlanner, Planner, ZeroShotPlanner
from gba.simulation.records import GroundTruth
from gba.tools.base import Tool
from gba.trajectory import Request

if TYPE_CHECKING:
    from gba.agent import Agent
    from gba.config import AgentConfig
    from gba.simulation.world import World

PLANNERS = ("fine-tuned", "zero-shot", "oracle", "teacher")
ENVIRONMENTS = ("real", "scripted", "simulated")
SIMULATED_TOOLS = ["ask_user", "calculate_number", "search_wikipedia", "final_answer"]
NO_ANSWER = "I don't know."

PlannerFactory = Callable[[list[Tool]], Planner]
MakeAgent = Callable[[Request, int], "Agent"]


def planner_factory(planner: str, client: LLMClient) -> PlannerFactory:
    """The planner `planner` on `client` for a tool set: 'fine-tuned' learned the tools' names,
    'zero-shot' reads their descriptions, 'teacher' is zero-shot with the teacher's richer
    prompt. (The oracle needs the request: `ScriptedEnvironment` makes it.)"""
    if planner == "fine-tuned":
        return lambda tools: FineTunedPlanner(client, [t.name for t in tools])
    if planner == "teacher":
        from gba.simulation.teacher import TeacherPlanner

        return lambda tools: TeacherPlanner(client, tools)
    if planner == "zero-shot":
        return lambda tools: ZeroShotPlanner(client, tools)
    raise ValueError(f"no planner factory for {planner!r}; use fine-tuned, zero-shot or teacher")


def local_client(planner: str, model: str | None = None, lora: str | None = None) -> LLMClient:
    """The in-process model for `planner`: the fine-tuned planner gets gba's adapter (or
    `lora`) unless `model` is a merged / quantized GGUF; the others run without one."""
    from gba.client.local import LocalClient
    from gba.models import default_adapter

    adapter = None
    if planner == "fine-tuned" and model is None:
        adapter = lora or default_adapter()
    return LocalClient(model, lora_path=adapter)


class ScriptedEnvironment:
    """The scripted world's tools for each request (failure draws seeded by the repeat), with
    the planner of `planner_for`, or the oracle when it is None."""

    def __init__(self, world: World, planner_for: PlannerFactory | None, max_steps: int = 10):
        self.world, self.planner_for, self.max_steps = world, planner_for, max_steps

    def __call__(self, request: Request, repeat: int = 0) -> Agent:
        from gba.agent import Agent
        from gba.simulation.oracle import OraclePlanner
        from gba.simulation.tools import scripted_tools

        tools = scripted_tools(self.world, request, seed=repeat)
        if self.planner_for is None:
            planner: Planner = OraclePlanner(request, seed=repeat,
                                             tool_names=[t.name for t in tools])
        else:
            planner = self.planner_for(tools)
        return Agent(planner, tools, max_steps=self.max_steps)


class SimulatedEnvironment:
    """An LLM (`client`) plays the tools and the user, with the teacher simulation's failure
    injection seeded per request and repeat."""

    def __init__(self, client: LLMClient, planner_for: PlannerFactory, max_steps: int = 10):
        from gba.simulation.teacher import TeacherRoles, TeacherSettings

        self.roles = TeacherRoles.single(client)
        self.settings = TeacherSettings(tools=SIMULATED_TOOLS, max_steps=max_steps)
        self.planner_for, self.max_steps = planner_for, max_steps

    def __call__(self, request: Request, repeat: int = 0) -> Agent:
        from gba.agent import Agent
        from gba.simulation.teacher import teacher_tools

        tools = teacher_tools(self.roles, self.settings, request.id, repeat)
        return Agent(self.planner_for(tools), tools, max_steps=self.max_steps)


class GroundTruthUser:
    """`ask_user`'s answers in the real environment: the user facts of the request being run
    (`start`). A question naming a fact gets it (the scripted world's keywords); any other
    question gets every fact at once, each once (a set that files one reply under several
    trigger words, as `real-dev-mixed` does, gets it said once), a bare value with its
    name ("birth year: 1990"); a request without facts gets "I don't know.". A question for
    the *other* numbers (the agent's `OTHER_NUMBERS`) names no fact either: it gets every
    fact, though its words ("to work this out") hold a keyword of `real-dev-mixed`'s
    commute ("work")."""

    def __init__(self) -> None:
        self.facts: dict[str, str] = {}

    def start(self, request: Request) -> None:
        truth = GroundTruth.from_request_dict(request.ground_truth)
        self.facts = dict(truth.user_facts) if truth else {}

    def __call__(self, question: str) -> str:
        from gba.simulation.tools import USER_KEYWORDS

        if not self.facts:
            return NO_ANSWER
        low = question.lower()
        for key, value in self.facts.items() if not OTHER.search(question) else ():
            if any(word in low for word in USER_KEYWORDS.get(key, (key,))):
                return value
        said: dict[str, str] = {}  # each distinct reply once, in the set's order
        for key, value in self.facts.items():
            said.setdefault(value, value if re.search(r"[A-Za-z]{3}", value)
                            else f"{key.replace('_', ' ')}: {value}")
        worded = all(v == k for k, v in said.items())
        return (" " if worded else "; ").join(said.values())


OTHER = re.compile(r"\bother (?:numbers|values|figures)\b", re.IGNORECASE)


class RealEnvironment:
    """The default agent's real tools, the tool roles on `tools_client` (default: `client`),
    built once (the model and the index load once) and reused for every request; `ask_user`
    answers from each request's ground truth. One request at a time. `config` replaces the
    default agent's (its `max_steps` then rules)."""

    def __init__(self, client: LLMClient, planner_for: PlannerFactory, max_steps: int = 10,
                 config: AgentConfig | None = None, tools_client: LLMClient | None = None,
                 number_pattern: bool = True, solved_examples: bool = True,
                 cover_numbers: bool = True):
        from gba.config import AgentConfig
        from gba.defaults import build_agent

        self.user = GroundTruthUser()
        config = config or AgentConfig(max_steps=max_steps, number_pattern=number_pattern,
                                       solved_examples=solved_examples,
                                       cover_numbers=cover_numbers)
        self.agent, self.notes = build_agent(config,
                                             client=tools_client or client, input_fn=self.user)
        self.agent.planner = planner_for(list(self.agent.tools.values()))

    def __call__(self, request: Request, repeat: int = 0) -> Agent:
        self.user.start(request)
        return self.agent


def _check(planner: str, environment: str, workers: int) -> None:
    if planner not in PLANNERS:
        raise ValueError(f"unknown planner {planner!r}; use one of {', '.join(PLANNERS)}")
    if environment not in ENVIRONMENTS:
        raise ValueError(f"unknown environment {environment!r}; use one of "
                         f"{', '.join(ENVIRONMENTS)}")
    if workers > 1 and environment == "real":
        raise ValueError("the real environment shares one agent (one loaded index) between "
                         "requests: run it with one worker")
    if planner == "oracle" and environment != "scripted":
        raise ValueError("the oracle plans from ground truth: use it in the scripted world")


def environment_agents(environment: str, planner: str, client: LLMClient | None, *,
                       world: str | Path | None = None, tools_client: LLMClient | None = None,
                       max_steps: int = 10, number_pattern: bool = True,
                       solved_examples: bool = True, cover_numbers: bool = True) -> MakeAgent:
    """The `make_agent(request, repeat)` of `environment` for `planner` on `client` (None
    only for the oracle); `number_pattern`, `solved_examples` and `cover_numbers` are the real
    calculation tool's (AgentConfig)."""
    planner_for = None if planner == "oracle" else planner_factory(planner, client)  # type: ignore[arg-type]
    if environment == "scripted":
        from gba.simulation.world import World

        if world is None:
            raise ValueError("the scripted environment needs the world.json of the requests")
        return ScriptedEnvironment(World.model_validate_json(Path(world).read_text()),
                                   planner_for, max_steps)
    assert planner_for is not None and client is not None
    if environment == "simulated":
        return SimulatedEnvironment(tools_client or client, planner_for, max_steps)
    return RealEnvironment(client, planner_for, max_steps, tools_client=tools_client,
                           number_pattern=number_pattern, solved_examples=solved_examples,
                           cover_numbers=cover_numbers)


def evaluate(planner: str, requests: list[Request], out: str | Path, *, environment: str,
             lora: str | None = None, model: str | None = None, world: str | Path | None = None,
             max_steps: int = 10, repeats: int = 1, label: str | None = None,
             progress: bool = True, client: LLMClient | None = None,
             tools_client: LLMClient | None = None, workers: int = 1,
             number_pattern: bool = True, solved_examples: bool = True,
             cover_numbers: bool = True) -> BatchReport:
    """Run `planner` on `requests`, appending trajectories to `out` (resumes).

    Planners: 'fine-tuned' runs the embedded model with its adapter (`lora` overrides it), or
    a merged / quantized GGUF given as `model` (then no adapter); 'zero-shot' runs the base
    model (or `model`) without one; 'teacher' is the zero-shot planner with the teacher's
    richer prompt (meant for a strong model given as `client`); 'oracle' (scripted world only)
    plans from the ground truth. `client` replaces the local model (any backend: a
    llama-server with a merged fine-tune, an OpenAI-compatible teacher).

    Environments: 'scripted' (the scripted world's tools), 'real' (the default agent's tools,
    the tool roles on the same model, ask_user answered from the ground truth's user facts)
    and 'simulated' (an LLM plays the tools and the user, `tools_client` or else `client`,
    with the teacher simulation's failure injection).

    Every request runs `repeats` times with seeds 0..repeats-1. The seed reaches the
    scripted and simulated tools (their failure draws) and the oracle's phrasing, not the
    planner model: it decodes greedily (temperature 0), so with deterministic tools the
    repeats are copies (the report's `repeats_agree` shows it). `workers` run requests
    concurrently (worth it with a server backend; the in-process model serves one
    generation at a time). `number_pattern=False` lets the real calculation tool decode
    without its number pattern (for measuring what the pattern does); `solved_examples=False`
    shows it its two fixed examples instead of the nearest solved tasks; `cover_numbers=False`
    keeps its first code even when that leaves out a number the user gave."""
    _check(planner, environment, workers)
    if planner != "oracle" and client is None:
        client = local_client(planner, model, lora)
    metadata = {"planner": label or planner, "environment": environment,
                "model": str(model or ("embedded" if client is None else type(client).__name__)),
                "lora": str(lora or "")}
    make = environment_agents(environment, planner, client, world=world,
                              tools_client=tools_client, max_steps=max_steps,
                              number_pattern=number_pattern, solved_examples=solved_examples,
                              cover_numbers=cover_numbers)
    settings: dict = {"max_steps": max_steps}
    if not number_pattern:
        settings["number_pattern"] = False
    if not cover_numbers:
        settings["cover_numbers"] = False
    if solved_examples and environment == "real":
        settings["solved_examples"] = True
    return run_batch(requests, make, out, repeats=repeats, desc=f"{label or planner} {environment}",
                     progress=progress, metadata=metadata, workers=workers, settings=settings)
