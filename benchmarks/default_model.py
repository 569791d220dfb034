"""Which embedded model should be the default? Measures each candidate side by side in one run:
load time, unconstrained tokens/s, schema-constrained tokens/s on a plan, and how often the
zero-shot planner picks the right first tool on a small labelled set. The planner gets the
default agent's real tools, so its prompt is the one the agent sends.

    python benchmarks/default_model.py [--models smollm2 gemma3-270m]
"""

from __future__ import annotations

import argparse
import time

from gba.client.local import LocalClient
from gba.errors import GBAError
from gba.planner import ZeroShotPlanner
from gba.tools.base import Tool

FIRST_TOOL = [
    ("What is 3456 multiplied by 78?", "calculate_number"),
    ("Compute the square root of 7921.", "calculate_number"),
    ("Who painted the Mona Lisa?", "search_wikipedia"),
    ("When was the Eiffel Tower built?", "search_wikipedia"),
    ("What is the capital of Australia?", "search_wikipedia"),
    ("Book a table for dinner at my favourite restaurant.", "ask_user"),
    ("Recommend a film I would like.", "ask_user"),
    ("Plan a trip for me to the city I was born in.", "ask_user"),
    ("Say hello to me.", "final_answer"),
    ("Thank you, that is all.", "final_answer"),
]


def agent_tools(client: LocalClient) -> list[Tool]:
    """The default agent's tools, in its order (gba.defaults.default_tools), so the zero-shot
    planner reads exactly the prompt the agent sends. search_wikipedia loads its index only
    when run, which never happens here."""
    from gba.tools.ask_user import AskUser
    from gba.tools.calculate import CalculateNumber
    from gba.tools.final_answer import FinalAnswer
    from gba.tools.search.wikipedia import SearchWikipedia

    def no_user(question: str) -> str:  # never asked here
        raise NotImplementedError

    return [AskUser(no_user), CalculateNumber(client), SearchWikipedia(client),
            FinalAnswer(client)]


def measure(spec: str) -> dict[str, float | str]:
    t0 = time.perf_counter()
    client = LocalClient(spec, n_ctx=2048, seed=0)
    load_s = time.perf_counter() - t0
    tokens = client.tokenize("Write a short story about a lighthouse keeper.")
    client.decoder.run(tokens, max_tokens=8)  # warm-up
    raw = client.decoder.run(tokens, max_tokens=128, ignore_eos=True)
    raw_tps = len(raw.tokens) / raw.generation_s
    planner = ZeroShotPlanner(client, agent_tools(client))
    right, gen_tokens, gen_s = 0, 0, 0.0
    try:
        _ = client.chat_template
    except GBAError as exc:  # no chat template in the GGUF: cannot plan from messages
        client.close()
        print(f"note: {spec}: {exc}")
        return {"model": spec, "load_s": load_s, "raw_tok_s": raw_tps,
                "plan_tok_s": float("nan"), "first_tool_acc": float("nan")}
    for request, expected in FIRST_TOOL:
        plan, completion = planner.plan(request, [])
        right += plan.selected_tool == expected
        gen_tokens += completion.usage.completion_tokens
        gen_s += completion.timings.generation_s
    client.close()
    return {"model": spec, "load_s": load_s,
            "raw_tok_s": raw_tps, "plan_tok_s": gen_tokens / gen_s,
            "first_tool_acc": right / len(FIRST_TOOL)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["smollm2", "gemma3-270m"])
    args = parser.parse_args()
    rows = [measure(m) for m in args.models]
    print(f"{'model':<14} {'load s':>7} {'raw tok/s':>10} {'plan tok/s':>11} {'first-tool acc':>15}")
    for r in rows:
        print(f"{r['model']:<14} {r['load_s']:>7.2f} {r['raw_tok_s']:>10.1f} "
              f"{r['plan_tok_s']:>11.1f} {r['first_tool_acc']:>15.2f}")
    if len(rows) == 2:
        a, b = rows
        print(f"\nspeed ratio {a['model']}/{b['model']}: "
              f"{a['raw_tok_s'] / b['raw_tok_s']:.2f}x raw, "
              f"{a['plan_tok_s'] / b['plan_tok_s']:.2f}x constrained")


if __name__ == "__main__":
    main()
