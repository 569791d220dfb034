"""Wall time of the default agent (fine-tuned planner and tool roles on the embedded model)
per request and per step, split into planner, tool-model calls, retrieval and sandbox.

    python benchmarks/agent_run.py --n 12            # first 12 of data/requests/real.jsonl
    python benchmarks/agent_run.py --n 40 --set real-test
    python benchmarks/agent_run.py --planner zero-shot --n 6

Retrieval (embedding + index search) and the sandbox are timed by wrapping
`Searcher.search` and the calculator's `run_code`; tool-model time is the rest of each tool
step. Prints one table from one run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=12)
    parser.add_argument("--planner", default="fine-tuned", choices=["fine-tuned", "zero-shot"])
    parser.add_argument("--max-steps", type=int, default=10)
    parser.add_argument("--set", default="real", help="'real', 'real-test' or a JSONL")
    args = parser.parse_args()

    import gba.tools.calculate as calculate
    from gba.config import AgentConfig
    from gba.defaults import build_agent
    from gba.evaluation.metrics import answer_correct
    from gba.retrieval.index import Searcher
    from gba.simulation.records import GroundTruth
    from gba.tools.ask_user import ScriptedAnswers
    from gba.trajectory import request_set

    spent: dict[str, float] = defaultdict(float)

    def timed(name, fn):
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t0
        return wrapper

    Searcher.search = timed("retrieval", Searcher.search)
    calculate.run_code = timed("sandbox", calculate.run_code)
    cfg = AgentConfig(max_steps=args.max_steps)
    cfg.planner.kind = args.planner
    t0 = time.perf_counter()
    agent, _ = build_agent(cfg, input_fn=ScriptedAnswers([], default="I don't know."))
    load_s = time.perf_counter() - t0
    per_request, per_step, correct = [], [], 0
    totals: dict[str, float] = defaultdict(float)
    for request in request_set(args.set, args.n):
        spent.clear()
        traj = agent.run(request)
        planner = sum(s.planner_s for s in traj.steps)
        tools = sum(s.tool_s for s in traj.steps)
        totals["planner"] += planner
        totals["retrieval"] += spent["retrieval"]
        totals["sandbox"] += spent["sandbox"]
        totals["tool model"] += max(0.0, tools - spent["retrieval"] - spent["sandbox"])
        per_request.append(traj.duration_s)
        per_step += [s.planner_s + s.tool_s for s in traj.steps]
        correct += answer_correct(traj.final_answer, GroundTruth(**request.ground_truth),
                                  request.text)
    whole = sum(totals.values())
    print(f"{args.planner} agent, {len(per_request)} requests of {args.set}, "
          f"models loaded in {load_s:.1f} s")
    print(f"correct {correct}/{len(per_request)}; per request: median "
          f"{statistics.median(per_request):.1f} s, max {max(per_request):.1f} s; per step: "
          f"median {statistics.median(per_step):.2f} s over {len(per_step)} steps")
    for name, seconds in totals.items():
        print(f"  {name:<11} {seconds:7.1f} s  {seconds / whole:5.1%}")


if __name__ == "__main__":
    main()
