"""Agent-step benchmark: KV-cache reuse across planner steps, and planner-step latency vs raw
generation of the same number of tokens, on the embedded model.

A 5-step run: the real planner (zero-shot, schema-constrained) plans every step; tools are
scripted (canned observations) so only the planner's cost is measured, and final_answer is
left out so the run takes exactly 5 steps.

    python benchmarks/agent_step.py [--model smollm2] [--steps 5]

Prints, per step: prompt tokens sent, tokens actually evaluated (sent - reused from cache),
the reuse ratio, the planner-step latency, and the time the same model takes to generate
the same number of tokens unconstrained from an already-cached prompt.
"""

from __future__ import annotations

import argparse
import time

from gba.agent import Agent
from gba.client.local import LocalClient
from gba.planner import ZeroShotPlanner
from gba.tools.base import Tool, ToolResult

OBSERVATIONS = [
    "Lake Vostok lies under about 4 km of ice in Antarctica.",
    "Its area is about 12,500 square kilometres.",
    "The mean depth is about 430 metres.",
    "12,500 km2 times 0.43 km gives about 5,400 cubic kilometres.",
    "The user wants the answer in cubic kilometres.",
    "No more information is needed.",
]


class Scripted(Tool):
    def __init__(self, name: str, description: str, outputs: list[str]):
        self.name, self.description, self.outputs = name, description, outputs
        self.i = 0

    def run(self, request, task, previous_steps):
        text = self.outputs[min(self.i, len(self.outputs) - 1)]
        self.i += 1
        return ToolResult(text=text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args()

    client = LocalClient(args.model, n_ctx=4096, seed=0)
    shared = Scripted("search_wikipedia", "Search Wikipedia for facts.", OBSERVATIONS)
    tools = [shared,
             Scripted("calculate_number", "Compute a number with Python.", OBSERVATIONS[3:]),
             Scripted("ask_user", "Ask the user a question.", OBSERVATIONS[4:])]
    planner = ZeroShotPlanner(client, tools, final_tool="calculate_number")
    agent = Agent(planner, tools, max_steps=args.steps)
    # Warm-up: load weights and grammar (not measured).
    client.complete("Hello", max_tokens=4)

    traj = agent.run("How much water is in Lake Vostok, in cubic kilometres?")
    if traj.status == "error":
        raise SystemExit(f"run failed: {traj.error}")

    rows = []
    for step in traj.steps:
        u = step.planner_usage
        # Raw generation of the same number of tokens, prompt already in cache.
        prompt = planner.build_prompt(traj.request.text, traj.steps[: step.index])
        tokens = client.tokenize(prompt)
        client.decoder.run(tokens, max_tokens=1)  # make sure the prompt is cached
        t0 = time.perf_counter()
        raw = client.decoder.run(tokens, max_tokens=u.completion_tokens, ignore_eos=True)
        raw_s = time.perf_counter() - t0
        rows.append((step.index + 1, u.prompt_tokens, u.prompt_tokens - u.cached_tokens,
                     u.cached_tokens, u.completion_tokens, step.planner_s, raw_s,
                     len(raw.tokens)))

    print(f"model: {client.name}, {len(traj.steps)} planner steps (status {traj.status})\n")
    print(f"{'step':>4} {'sent':>6} {'evaluated':>9} {'reused':>7} {'reuse':>6} "
          f"{'gen tok':>7} {'plan s':>7} {'raw s':>6} {'plan/raw':>8}")
    for step, sent, evaluated, cached, gen, plan_s, raw_s, _ in rows:
        print(f"{step:>4} {sent:>6} {evaluated:>9} {cached:>7} {cached / sent:>6.2f} "
              f"{gen:>7} {plan_s:>7.2f} {raw_s:>6.2f} {plan_s / raw_s:>8.2f}")
    sent = sum(r[1] for r in rows)
    cached = sum(r[3] for r in rows)
    later = rows[1:]
    later_ratio = sum(r[3] for r in later) / max(1, sum(r[1] for r in later))
    plan_total = sum(r[5] for r in rows)
    raw_total = sum(r[6] for r in rows)
    print(f"\ncache reuse: {cached}/{sent} prompt tokens reused = {cached / sent:.2f} overall, "
          f"{later_ratio:.2f} on steps 2..{len(rows)}")
    print(f"prompt tokens actually evaluated: {sent - cached} of {sent} sent "
          f"({(sent - cached) / sent:.2f})")
    print(f"planner-step latency vs raw generation of the same tokens: {plan_total:.2f}s vs "
          f"{raw_total:.2f}s = {plan_total / raw_total:.2f}x")
    client.close()


if __name__ == "__main__":
    main()
