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


def request_set(name: str, limit: int | None = None) -> list[Request]:
    """'real' or a path to a JSONL of requests / trajectories (their requests are used)."""
    import json

    path = REAL_REQUESTS if name == "real" else Path(name)
    if not path.is_file():
        raise FileNotFoundError(f"no request set at {path}")
    requests = []
    for line in path.read_text().splitlines():
        if line.strip():
            data = json.loads(line)
            requests.append(Request.model_validate(data.get("request", data)))
    return requests[:limit]


def evaluate(planner: str, requests: list[Request], out: str | Path, *, environment: str,
             lora: str | None = None, world: str | Path | None = None, max_steps: int = 10,
             progress: bool = True) -> BatchReport:
    """Run `planner` ('fine-tuned' or 'zero-shot', on the embedded model; `lora` overrides
    the adapter) on `requests`, appending trajectories to `out` (resumes)."""
    from gba.agent import Agent
    from gba.client.local import LocalClient
    from gba.models import default_adapter
    from gba.planner import FineTunedPlanner, ZeroShotPlanner

    adapter = (lora or default_adapter()) if planner == "fine-tuned" else None
    client = LocalClient(lora_path=adapter)
    if environment == "scripted":
        from gba.simulation.tools import scripted_tools
        from gba.simulation.world import World

        if world is None:
            raise ValueError("the scripted environment needs the world.json of the requests")
        w = World.model_validate_json(Path(world).read_text())

        def make(request: Request, repeat: int) -> Agent:
            tools = scripted_tools(w, request, seed=repeat)
            plan = (FineTunedPlanner(client, [t.name for t in tools])
                    if planner == "fine-tuned" else ZeroShotPlanner(client, tools))
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
    return run_batch(requests, make, out, desc=f"{planner} {environment}", progress=progress,
                     metadata={"planner": planner, "environment": environment})
