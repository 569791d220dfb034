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


PLANNERS = ("fine-tuned", "zero-shot", "oracle")


def evaluate(planner: str, requests: list[Request], out: str | Path, *, environment: str,
             lora: str | None = None, model: str | None = None, world: str | Path | None = None,
             max_steps: int = 10, repeats: int = 1, label: str | None = None,
             progress: bool = True) -> BatchReport:
    """Run `planner` on `requests`, appending trajectories to `out` (resumes).

    'fine-tuned' runs the embedded model with its adapter (`lora` overrides it), or a merged /
    quantized GGUF given as `model` (then no adapter); 'zero-shot' runs the base model (or
    `model`) without one; 'oracle' (scripted world only) plans from the ground truth. Every
    request runs `repeats` times with seeds 0..repeats-1 (scripted tools' failure draws and
    the model's sampling seed)."""
    from gba.agent import Agent
    from gba.planner import FineTunedPlanner, ZeroShotPlanner

    if planner not in PLANNERS:
        raise ValueError(f"unknown planner {planner!r}; use one of {', '.join(PLANNERS)}")
    if planner == "oracle" and environment != "scripted":
        raise ValueError("the oracle plans from ground truth: use it in the scripted world")
    client = None
    if planner != "oracle":
        from gba.client.local import LocalClient
        from gba.models import default_adapter

        adapter = None
        if planner == "fine-tuned" and model is None:
            adapter = lora or default_adapter()
        client = LocalClient(model, lora_path=adapter)
    metadata = {"planner": label or planner, "environment": environment,
                "model": str(model or "embedded"), "lora": str(lora or "")}
    if environment == "scripted":
        from gba.simulation.oracle import OraclePlanner
        from gba.simulation.tools import scripted_tools
        from gba.simulation.world import World

        if world is None:
            raise ValueError("the scripted environment needs the world.json of the requests")
        w = World.model_validate_json(Path(world).read_text())

        def make(request: Request, repeat: int) -> Agent:
            tools = scripted_tools(w, request, seed=repeat)
            names = [t.name for t in tools]
            if planner == "oracle":
                plan = OraclePlanner(request, seed=repeat, tool_names=names)
            elif planner == "fine-tuned":
                plan = FineTunedPlanner(client, names)
            else:
                plan = ZeroShotPlanner(client, tools)
            return Agent(plan, tools, max_steps=max_steps)
    else:
        from gba.config import AgentConfig
        from gba.defaults import build_agent
        from gba.tools.ask_user import ScriptedAnswers

        cfg = AgentConfig(max_steps=max_steps)
        cfg.planner.kind = planner  # type: ignore[assignment]
        agent, _ = build_agent(cfg, client=client,
                               input_fn=ScriptedAnswers([], default="I don't know."))

        def make(request: Request, repeat: int) -> Agent:
            return agent  # one agent, reused: the model and index load once
    return run_batch(requests, make, out, repeats=repeats, desc=f"{label or planner} {environment}",
                     progress=progress, metadata=metadata)
