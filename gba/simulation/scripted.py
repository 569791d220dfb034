"""Run the scripted world: requests per split, the oracle (or any planner) with scripted
tools, one `Trajectory` per request in append-only JSONL per split.

    gba simulate scripted --out runs/sim --train 4000

Same seed, same files (timestamps and durations aside: `canonical` drops them to compare).

>>> from gba.simulation.world import World
>>> from gba.simulation.requests import make_requests
>>> w = World.generate(0)
>>> req = make_requests(w, "train", 1, seed=2)[0]
>>> oracle_agent(w, req).run(req).status
'completed'
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from gba.agent import Agent
from gba.planner.base import Planner
from gba.simulation.oracle import OraclePlanner
from gba.simulation.requests import make_requests
from gba.simulation.tools import scripted_tools
from gba.simulation.world import World
from gba.trajectory import Request, Trajectory

DEFAULT_SIZES = {"train": 6000, "validation": 200, "test_entities": 200, "test_templates": 200,
                 "test_shapes": 200, "test_phrasings": 200}
VOLATILE = ("created_at", "duration_s", "planner_s", "tool_s", "id")


def oracle_agent(world: World, request: Request, repeat: int = 0, *,
                 failure_rate: float = 0.0, max_steps: int = 10) -> Agent:
    """The oracle planner with the scripted tools of `request`."""
    tools = scripted_tools(world, request, seed=repeat, failure_rate=failure_rate)
    planner = OraclePlanner(request, seed=repeat, tool_names=[t.name for t in tools])
    return Agent(planner, tools, max_steps=max_steps)


def scripted_agent(world: World, planner_factory: Callable[[list[str]], Planner],
                   failure_rate: float = 0.0, max_steps: int = 10
                   ) -> Callable[[Request, int], Agent]:
    """A `make_agent(request, repeat)` for any planner in the scripted world:
    `planner_factory(tool_names)` builds the planner for the request's tool set."""
    def make(request: Request, repeat: int = 0) -> Agent:
        tools = scripted_tools(world, request, seed=repeat, failure_rate=failure_rate)
        return Agent(planner_factory([t.name for t in tools]), tools, max_steps=max_steps)
    return make


def split_requests(world: World, sizes: dict[str, int] | None = None, seed: int = 0
                   ) -> dict[str, list[Request]]:
    """Requests for every split; validation and test texts never repeat a training text."""
    sizes = {**DEFAULT_SIZES, **(sizes or {})}
    out: dict[str, list[Request]] = {}
    seen: set[str] = set()
    for split, n in sizes.items():
        if n <= 0:
            continue
        out[split] = make_requests(world, split, n, seed=seed, exclude=seen)
        seen |= {r.text.strip().lower() for r in out[split]}
    return out


def simulate_scripted(out_dir: str | Path, sizes: dict[str, int] | None = None, *,
                      seed: int = 0, failure_rate: float = 0.15, workers: int = 1,
                      progress: bool = True) -> dict[str, Path]:
    """Oracle trajectories for every split under `out_dir/<split>.jsonl` (resumable)."""
    from gba.batch import run_batch, write_once

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = World.generate(seed)
    write_once(out_dir / "world.json", world.model_dump_json(), what="world (another --seed?)")
    paths = {}
    for split, requests in split_requests(world, sizes, seed).items():
        path = out_dir / f"{split}.jsonl"
        run_batch(requests, lambda r, k: oracle_agent(world, r, k, failure_rate=failure_rate),
                  path, workers=workers, desc=f"simulate {split}", progress=progress,
                  settings={"seed": seed, "failure_rate": failure_rate})
        paths[split] = path
    return paths


def canonical(traj: Trajectory) -> str:
    """The record without run-dependent fields (timestamps, durations, random ids)."""
    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in VOLATILE}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node
    return json.dumps(strip(traj.model_dump()), sort_keys=True)


def build_dataset(out_dir: str | Path, sizes: dict[str, int] | None = None, *, seed: int = 0,
                  failure_rate: float = 0.15, function_examples: int = 800,
                  progress: bool = True) -> dict[str, int]:
    """The whole offline training dataset in one call: simulate every split into
    `out_dir/sim`, then package every role into `out_dir/dataset`. Returns example counts."""
    from gba.simulation.package import package_dataset

    out_dir = Path(out_dir)
    simulate_scripted(out_dir / "sim", sizes, seed=seed, failure_rate=failure_rate,
                      progress=progress)
    return package_dataset(out_dir / "sim", out_dir / "dataset", seed=seed,
                           function_examples=function_examples, progress=progress)
