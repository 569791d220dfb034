"""Prompt-lookup drafts (gba.client.lookup) on and off, the default agent, one process.

    python benchmarks/lookup_decoding.py --n 10 --set real-test
    python benchmarks/lookup_decoding.py --n 10 --max-draft 4

Each request runs twice on the same warm agent, drafts off and on (the order alternates
from request to request, so neither mode always meets the other's warm KV cache). The
decoder's generation time (after the prompt is evaluated) is what drafts change; it is
summed per role, with the tokens written, the forward passes (decode calls) and the share of
drafted tokens kept. Every model call's text is compared between the two modes: greedy
output must be identical, and the script says how many calls differed (it should be 0).
Wall time per request is printed too (it includes prompt evaluation and retrieval).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict

ROLES = {"Plan": "planner", "CalculationCode": "calculate", "SearchQuery": "search query",
         "SourcedAnswer": "search answer", "Answer": "final answer"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10)
    parser.add_argument("--set", default="real-test", help="'real', 'real-test' or a JSONL")
    parser.add_argument("--max-steps", type=int, default=8)
    parser.add_argument("--max-draft", type=int, default=None,
                        help="tokens guessed at once (default gba.client.lookup.MAX_DRAFT)")
    parser.add_argument("--ngrams", default=None,
                        help="tail lengths looked up, e.g. 4,3 (default gba.client.lookup.NGRAMS)")
    args = parser.parse_args()

    import gba.client.guided as guided
    import gba.client.lookup as lookup
    from gba.client.local import LocalClient
    from gba.config import AgentConfig
    from gba.defaults import build_agent
    from gba.grammar import role_of
    from gba.tools.ask_user import ScriptedAnswers
    from gba.trajectory import request_set

    if args.max_draft is not None:
        guided.MAX_DRAFT = args.max_draft
    if args.ngrams:
        lookup.NGRAMS = tuple(int(n) for n in args.ngrams.split(","))
    calls: list[dict] = []
    generate = LocalClient._generate
    passes = {"n": 0}
    eval_rows, eval_one = guided.Decoder._eval_rows, guided.Decoder._eval

    def count_rows(self, feed, guess):
        passes["n"] += 1
        return eval_rows(self, feed, guess)

    def count_one(self, tokens):
        passes["n"] += 1
        return eval_one(self, tokens)

    def recorded(self, prompt, schema, **kwargs):
        before = passes["n"]
        done = generate(self, prompt, schema, **kwargs)
        name = getattr(role_of(schema), "__name__", "text") if schema is not None else "text"
        extra = self.last_generation.extra
        calls.append({"role": ROLES.get(name, name), "text": done.text, "draft": self.draft,
                      "tokens": done.usage.completion_tokens,
                      "gen_s": done.timings.generation_s, "passes": passes["n"] - before,
                      "drafted": extra.get("drafted", 0), "accepted": extra.get("accepted", 0)})
        return done

    LocalClient._generate = recorded
    guided.Decoder._eval_rows, guided.Decoder._eval = count_rows, count_one
    agent, _ = build_agent(AgentConfig(max_steps=args.max_steps),
                           input_fn=ScriptedAnswers([], default="I don't know."))
    clients = {id(c): c for c in [agent.planner.client,
                                   *(getattr(t, "client", None) for t in agent.tools.values())]
               if isinstance(c, LocalClient)}
    wall: dict[bool, list[float]] = defaultdict(list)
    pairs = []
    for i, request in enumerate(request_set(args.set, args.n)):
        texts = {}
        for draft in ((False, True) if i % 2 == 0 else (True, False)):
            for client in clients.values():
                client.draft = draft
            first = len(calls)
            started = time.perf_counter()
            agent.run(request)
            wall[draft].append(time.perf_counter() - started)
            texts[draft] = [c["text"] for c in calls[first:]]
        pairs.append(texts)
        print(f"{i + 1:>3} off {wall[False][-1]:5.2f} s  on {wall[True][-1]:5.2f} s  "
              f"{request.text[:60]}", flush=True)

    differing = sum(a != b for t in pairs for a, b in zip(t[False], t[True], strict=False))
    differing += sum(len(t[False]) != len(t[True]) for t in pairs)
    print(f"\ncalls whose output differs between the modes: {differing} "
          f"(of {sum(len(t[False]) for t in pairs)})")
    print("\n| role | calls | tokens | forward passes off / on | drafted | kept | "
          "generation s off / on | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    by_role: dict[str, dict[bool, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for c in calls:
        by_role[c["role"]][c["draft"]].append(c)
        by_role["all"][c["draft"]].append(c)
    for role, modes in sorted(by_role.items(), key=lambda kv: kv[0] == "all"):
        off, on = modes[False], modes[True]
        s_off, s_on = sum(c["gen_s"] for c in off), sum(c["gen_s"] for c in on)
        drafted, kept = sum(c["drafted"] for c in on), sum(c["accepted"] for c in on)
        print(f"| {role} | {len(on)} | {sum(c['tokens'] for c in on)} | "
              f"{sum(c['passes'] for c in off)} / {sum(c['passes'] for c in on)} | {drafted} | "
              f"{kept / drafted if drafted else 0:.2f} | {s_off:.2f} / {s_on:.2f} | "
              f"{s_on / s_off if s_off else 0:.2f} |")
    med_off, med_on = statistics.median(wall[False]), statistics.median(wall[True])
    print(f"\nwall per request, median: off {med_off:.2f} s, on {med_on:.2f} s "
          f"(ratio {med_on / med_off:.2f}); total off {sum(wall[False]):.1f} s, "
          f"on {sum(wall[True]):.1f} s")


if __name__ == "__main__":
    main()
