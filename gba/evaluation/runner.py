"""Run a planner over a request set, one resumable JSONL per (set, planner).

Environments: `scripted` (the planner with the scripted world's tools: measures planning
alone) and `real` (the default agent's real tools, with the same model playing the tool
roles: measures the whole agent). Sets: `real` (data/requests/real.jsonl, hand-written,
verifiable) or any JSONL of requests with ground truth (e.g. a split of the scripted world).

>>> request_set("real")[0].text
'What is 17 times 23, plus 4?'
"""

from __future__ import annotations

from pathlib import Path

from gba.batch import BatchReport, run_batch
from gba.client.base import LLMClient
from gba.trajectory import Request

REAL_REQUESTS = Path(__file__).resolve().parents[2] / "data" / "requests" / "real.jsonl"
REAL_TEST_REQUESTS = REAL_REQUESTS.with_name("real_test.jsonl")


def request_set(name: str, limit: int | None = None) -> list[Request]:
    """'real' (the 60 hand-written requests used while developing), 'real-test' (40 more,
    written before the current adapter was trained and never used to change it) or a path to
    a JSONL of requests / trajectories (their requests are used)."""
    import json

    path = {"real": REAL_REQUESTS, "real-test": REAL_TEST_REQUESTS}.get(name, Path(name))
    if not path.is_file():
        raise FileNotFoundError(f"no request set at {path}")
    requests = []
    for line in path.read_text().splitlines():
        if line.strip():
            data = json.loads(line)
            requests.append(Request.model_validate(data.get("request", data)))
    return requests[:limit]


PLANNERS = ("fine-tuned", "zero-shot", "oracle", "teacher")
ENVIRONMENTS = ("real", "scripted", "simulated")
SIMULATED_TOOLS = ["ask_user", "calculate_number", "search_wikipedia", "final_answer"]


def evaluate(planner: str, requests: list[Request], out: str | Path, *, environment: str,
             lora: str | None = None, model: str | None = None, world: str | Path | None = None,
             max_steps: int = 10, repeats: int = 1, label: str | None = None,
             progress: bool = True, client: LLMClient | None = None,
             tools_client: LLMClient | None = None, workers: int = 1) -> BatchReport:
    """Run `planner` on `requests`, appending trajectories to `out` (resumes).

    Planners: 'fine-tuned' runs the embedded model with its adapter (`lora` overrides it), or
    a merged / quantized GGUF given as `model` (then no adapter); 'zero-shot' runs the base
    model (or `model`) without one; 'teacher' is the zero-shot planner with the teacher's
    richer prompt (meant for a strong model given as `client`); 'oracle' (scripted world only)
    plans from the ground truth. `client` replaces the local model (any backend: a
    llama-server with a merged fine-tune, an OpenAI-compatible teacher).

    Environments: 'scripted' (the scripted world's tools), 'real' (the default agent's tools,
    the tool roles on the same model) and 'simulated' (an LLM plays the tools and the user,
    `tools_client` or else `client`, with the teacher simulation's failure injection).

    Every request runs `repeats` times with seeds 0..repeats-1 (the tools' failure draws and
    the model's sampling seed). `workers` run requests concurrently (worth it with a server
    backend; the in-process model serves one generation at a time)."""
    from gba.agent import Agent
    from gba.planner import FineTunedPlanner, Planner, ZeroShotPlanner
    from gba.simulation.teacher import TeacherPlanner

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
    if planner != "oracle" and client is None:
        from gba.client.local import LocalClient
        from gba.models import default_adapter

        adapter = None
        if planner == "fine-tuned" and model is None:
            adapter = lora or default_adapter()
        client = LocalClient(model, lora_path=adapter)
    metadata = {"planner": label or planner, "environment": environment,
                "model": str(model or ("embedded" if client is None else type(client).__name__)),
                "lora": str(lora or "")}

    def planner_for(tools: list) -> Planner:
        assert client is not None
        if planner == "fine-tuned":
            return FineTunedPlanner(client, [t.name for t in tools])
        kind = TeacherPlanner if planner == "teacher" else ZeroShotPlanner
        return kind(client, tools)

    if environment == "scripted":
        from gba.simulation.oracle import OraclePlanner
        from gba.simulation.tools import scripted_tools
        from gba.simulation.world import World

        if world is None:
            raise ValueError("the scripted environment needs the world.json of the requests")
        w = World.model_validate_json(Path(world).read_text())

        def make(request: Request, repeat: int) -> Agent:
            tools = scripted_tools(w, request, seed=repeat)
            if planner == "oracle":
                plan = OraclePlanner(request, seed=repeat, tool_names=[t.name for t in tools])
            else:
                plan = planner_for(tools)
            return Agent(plan, tools, max_steps=max_steps)
    elif environment == "simulated":
        from gba.simulation.teacher import TeacherRoles, TeacherSettings, teacher_tools

        roles = TeacherRoles.single(tools_client or client)
        settings = TeacherSettings(tools=SIMULATED_TOOLS, max_steps=max_steps)

        def make(request: Request, repeat: int) -> Agent:
            tools = teacher_tools(roles, settings, request.id, repeat)
            return Agent(planner_for(tools), tools, max_steps=max_steps)
    else:
        from gba.config import AgentConfig
        from gba.defaults import build_agent
        from gba.tools.ask_user import ScriptedAnswers

        cfg = AgentConfig(max_steps=max_steps)
        cfg.planner.kind = "zero-shot" if planner == "teacher" else planner  # type: ignore[assignment]
        agent, _ = build_agent(cfg, client=client,
                               input_fn=ScriptedAnswers([], default="I don't know."))
        if planner == "teacher":
            agent.planner = planner_for(list(agent.tools.values()))

        def make(request: Request, repeat: int) -> Agent:
            return agent  # one agent, reused: the model and index load once
    return run_batch(requests, make, out, repeats=repeats, desc=f"{label or planner} {environment}",
                     progress=progress, metadata=metadata, workers=workers,
                     settings={"max_steps": max_steps})
