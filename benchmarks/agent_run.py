"""Wall time of the default agent (fine-tuned planner and tool roles on the embedded model),
cold from the command line and warm in one process, against the decoding limit.

    python benchmarks/agent_run.py --n 12            # first 12 of data/requests/real.jsonl
    python benchmarks/agent_run.py --n 40 --set real-test --cold 0
    python benchmarks/agent_run.py --planner zero-shot --n 6

One run prints:
- cold: wall time of a fresh `gba run REQUEST` process per request (what a user waits for:
  imports, model load, index open, the run), for `--cold` of the issue's two requests (a
  lookup and an arithmetic one), three times each: with no on-disk prefix cache, while it
  learns each role's fixed prefix, and with the prefixes loaded;
- warm: per request wall time, in one process with the models loaded, split into planner,
  tool-model calls, retrieval (embedding + index search) and sandbox;
- per role (each model call's output schema): calls, prompt tokens, the share served from
  the KV cache, tokens evaluated, completion tokens and seconds;
- the decoding limit: the request's completion tokens at the raw decode speed measured here
  (greedy, unconstrained, the same model and adapter, with an empty prompt cache), and wall
  time over that limit per request;
- what the planner emits: completion tokens per plan field and its most repeated values.

The default agent loads the adapter merged into the model's weights when set-up made that
copy (`gba merge`); `--adapter-at-run-time` applies the adapter at load time instead (warm
runs only; the cold runs are what `gba run` does).

Retrieval and the sandbox are timed by wrapping `Searcher.search` and the calculator's
`run_code`; tool-model time is the rest of each tool step.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLD_REQUESTS = ["When was Albert Einstein born?", "What is 17 times 23, plus 4?"]
ROLES = {"Plan": "planner", "CalculationCode": "calculate", "SearchQuery": "search query",
         "SourcedAnswer": "search answer", "Answer": "final answer", "Summary": "summarize"}


def cold_runs(requests: list[str], times: int = 3) -> list[tuple[str, float, str]]:
    """Wall seconds of `gba run REQUEST` in a fresh process each (this checkout's code), each
    request `times` times from an empty on-disk prefix cache (gba.client.prefix_cache): the
    first run notes each role's prompt, the second stores the shared prefix, the third on
    load it. The user's own prefix cache is set aside and put back."""
    import shutil

    from gba.paths import cache_dir

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get(
        "PYTHONPATH", "")]), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    kv, aside = cache_dir("kv"), cache_dir("kv.benchmark-aside")
    if kv.exists():
        shutil.rmtree(aside, ignore_errors=True)
        kv.rename(aside)
    out = []
    try:
        for request in requests:
            for i in range(times):
                t0 = time.perf_counter()
                done = subprocess.run([sys.executable, "-c", "from gba.cli import main; main()",
                                       "run", request], cwd=ROOT, env=env, capture_output=True,
                                      text=True)
                seconds = time.perf_counter() - t0
                answer = next((line for line in done.stdout.splitlines()
                               if line.startswith("answer:")), f"(exit {done.returncode})")
                out.append((f"{request} [{('no prefix cache', 'learning', 'prefix loaded')[min(i, 2)]}]",
                            seconds, answer))
    finally:
        shutil.rmtree(kv, ignore_errors=True)
        if aside.exists():
            aside.rename(kv)
    return out


def raw_decode_speed(client, tokens: int = 64, repeats: int = 3) -> float:
    """Best greedy unconstrained tokens/s of `client`'s model over `repeats` runs."""
    prompt = client.tokenize("<|im_start|>user\nTell me about Paris.<|im_end|>\n"
                             "<|im_start|>assistant\n")
    best = 0.0
    for _ in range(repeats):
        client.decoder.llama.n_tokens = 0  # an empty cache: no prefix reuse
        done = client.decoder.run(prompt, max_tokens=tokens, ignore_eos=True)
        best = max(best, len(done.tokens) / done.generation_s)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=12)
    parser.add_argument("--planner", default="fine-tuned", choices=["fine-tuned", "zero-shot"])
    parser.add_argument("--max-steps", type=int, default=10)
    parser.add_argument("--set", default="real", help="'real', 'real-test' or a JSONL")
    parser.add_argument("--cold", type=int, default=2, help="cold `gba run` requests (0-2)")
    parser.add_argument("--kv-slots", type=int, default=None,
                        help="KV caches of the local client (default: the config's; 1 = shared)")
    parser.add_argument("--adapter-at-run-time", action="store_true",
                        help="warm runs apply the adapter at run time even when `gba merge` "
                        "made the merged copy (the default agent loads that copy)")
    args = parser.parse_args()

    cold = cold_runs(COLD_REQUESTS[: args.cold])

    import gba.tools.calculate as calculate
    from gba.client.local import LocalClient
    from gba.config import AgentConfig
    from gba.defaults import build_agent
    from gba.evaluation.metrics import answer_correct
    from gba.retrieval.index import Searcher
    from gba.simulation.records import GroundTruth
    from gba.tools.ask_user import ScriptedAnswers
    from gba.trajectory import request_set

    spent: dict[str, float] = defaultdict(float)
    calls: list[dict] = []

    def timed(name, fn):
        def wrapper(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] += time.perf_counter() - t0
        return wrapper

    generate = LocalClient._generate

    def recorded(self, prompt, schema, **kwargs):
        done = generate(self, prompt, schema, **kwargs)
        name = schema.__name__ if schema is not None else "text"
        calls.append({"role": ROLES.get(name, f"function args ({name})"), "text": done.text,
                      "prompt": done.usage.prompt_tokens, "cached": done.usage.cached_tokens,
                      "completion": done.usage.completion_tokens, "s": done.timings.total_s})
        return done

    LocalClient._generate = recorded
    Searcher.search = timed("retrieval", Searcher.search)
    calculate.run_code = timed("sandbox", calculate.run_code)
    cfg = AgentConfig(max_steps=args.max_steps)
    cfg.planner.kind = args.planner
    t0 = time.perf_counter()
    if args.adapter_at_run_time:
        cfg.planner.merged = cfg.tools.merged = False
    if args.kv_slots is not None:
        cfg.planner.kv_slots = cfg.tools.kv_slots = args.kv_slots
    agent, _ = build_agent(cfg, input_fn=ScriptedAnswers([], default="I don't know."))
    load_s = time.perf_counter() - t0
    per_request, per_step, completions, correct = [], [], [], 0
    totals: dict[str, float] = defaultdict(float)
    for request in request_set(args.set, args.n):
        spent.clear()
        first = len(calls)
        traj = agent.run(request)
        planner = sum(s.planner_s for s in traj.steps)
        tools = sum(s.tool_s for s in traj.steps)
        totals["planner"] += planner
        totals["retrieval"] += spent["retrieval"]
        totals["sandbox"] += spent["sandbox"]
        totals["tool model"] += max(0.0, tools - spent["retrieval"] - spent["sandbox"])
        per_request.append(traj.duration_s)
        completions.append(sum(c["completion"] for c in calls[first:]))
        per_step += [s.planner_s + s.tool_s for s in traj.steps]
        correct += answer_correct(traj.final_answer, GroundTruth(**request.ground_truth),
                                  request.text)

    client = agent.planner.client
    speed = raw_decode_speed(client)
    report(args, cold, load_s, per_request, per_step, completions, correct, totals, calls,
           speed, client)


def report(args, cold, load_s, per_request, per_step, completions, correct, totals, calls,
           speed, client) -> None:
    n = len(per_request)
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.planner} agent, {n} requests of {args.set}; models loaded in {load_s:.1f} s;"
          f" {getattr(client, 'kv_contexts', 1)} KV caches; peak RSS {rss:.0f} MB")
    lora = getattr(client, "lora_path", None)
    print(f"weights: {Path(client.model_path).name}"
          + (f" + adapter {Path(lora).name} at run time" if lora else ""))
    for request, seconds, answer in cold:
        print(f"cold `gba run {request!r}`: {seconds:.1f} s wall ({answer[:60]})")
    print(f"warm: correct {correct}/{n}; per request median {statistics.median(per_request):.1f}"
          f" s, max {max(per_request):.1f} s; per step median "
          f"{statistics.median(per_step):.2f} s over {len(per_step)} steps")
    whole = sum(totals.values())
    for name, seconds in totals.items():
        print(f"  {name:<11} {seconds:7.1f} s  {seconds / whole:5.1%}")
    limits = [c / speed for c in completions]
    ratios = [wall / limit for wall, limit in zip(per_request, limits, strict=True) if limit]
    print(f"decoding limit: raw decode {speed:.0f} tok/s; completion tokens per request median "
          f"{statistics.median(completions):.0f}; wall / limit median "
          f"{statistics.median(ratios):.2f}, all requests {sum(per_request) / sum(limits):.2f}")
    evaluated = [c["prompt"] - c["cached"] for c in calls]
    print(f"prompt tokens evaluated per request: mean {sum(evaluated) / n:.0f} "
          f"(of {sum(c['prompt'] for c in calls) / n:.0f} in the prompts)")
    print(f"  {'role':<16} {'calls':>5} {'prompt':>7} {'cached':>7} {'evaluated':>9} "
          f"{'emitted':>7} {'s':>6}")
    by_role: dict[str, list[dict]] = defaultdict(list)
    for c in calls:
        by_role[c["role"]].append(c)
    for role, items in sorted(by_role.items(), key=lambda kv: -sum(c["s"] for c in kv[1])):
        prompt = sum(c["prompt"] for c in items)
        cached = sum(c["cached"] for c in items)
        print(f"  {role:<16} {len(items):5d} {prompt:7d} {cached / max(prompt, 1):7.0%} "
              f"{prompt - cached:9d} {sum(c['completion'] for c in items):7d} "
              f"{sum(c['s'] for c in items):6.1f}")
    plan_fields(client, [c["text"] for c in calls if c["role"] == "planner"])


def plan_fields(client, texts: list[str], top: int = 3) -> None:
    """Tokens per plan field (values only) and the most repeated values of each."""
    per_field: dict[str, int] = Counter()
    values: dict[str, Counter] = defaultdict(Counter)
    for text in texts:
        try:
            plan = json.loads(text)
        except ValueError:
            continue
        for field, value in plan.items():
            per_field[field] += len(client.llama.tokenize(str(value).encode(), add_bos=False))
            values[field][str(value)] += 1
    total = sum(per_field.values()) or 1
    print(f"planner output over {len(texts)} plans, value tokens per field:")
    for field, count in per_field.most_common():
        repeated = ", ".join(f"{v[:50]!r} x{k}" for v, k in values[field].most_common(top)
                             if k > 1)
        print(f"  {field:<28} {count:6d} {count / total:5.1%}  {repeated}")


if __name__ == "__main__":
    main()
