"""Simulation throughput: scripted-world trajectories per second, and LLM-teacher requests per
second with 1 vs 4 workers against one llama-server with 4 parallel slots on loopback
(the embedded model playing teacher planner and simulated tools). Prints the scaling ratio.

    python benchmarks/simulation.py                  # a few minutes on 2 free cores
    python benchmarks/simulation.py --requests 16 --max-steps 4 --scripted 2000
    python benchmarks/simulation.py --no-teacher     # scripted world only (seconds)

The teacher part runs the same requests twice (4 workers, then 1), after one warm-up request
that puts the shared system prompts in the server's cache; simulated tools sample at
temperature 0.3, so the two runs generate slightly different token counts: completion
tokens per second are printed next to requests per second.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

REQUESTS = [
    "What is 17 times 23, plus 4?",
    "How many years passed between the founding of Rome and the fall of Constantinople?",
    "What is the population of Lisbon divided by the population of Porto?",
    "Convert 26.2 miles to kilometres.",
    "How old was Isaac Newton when he published the Principia?",
    "What is 12.5 percent of 3,400?",
    "How tall is Mount Kilimanjaro in feet?",
    "How many days are there between 3 March 2024 and 1 July 2024?",
    "What is the average of the heights of the Eiffel Tower and the Statue of Liberty?",
    "Who wrote Don Quixote, and in which year was that author born?",
    "If I invest 2,000 dollars at 5% a year for 3 years, how much will I have?",
    "What is the area of Iceland in square miles?",
    "How far is Paris from Berlin in kilometres, and how long would a 100 km/h drive take?",
    "Which river is longer, the Danube or the Rhine, and by how much?",
    "What is the boiling point of water in Fahrenheit at sea level, times 2?",
    "How many moons do Jupiter and Saturn have together?",
]


def scripted(n: int) -> tuple[float, float]:
    """Oracle trajectories per second: in memory, and through gba.batch to a JSONL file."""
    from gba.batch import run_batch
    from gba.simulation.requests import make_requests
    from gba.simulation.scripted import oracle_agent
    from gba.simulation.world import World

    world = World.generate(0)
    requests = make_requests(world, "train", n, seed=0)
    t0 = time.perf_counter()
    for req in requests:
        oracle_agent(world, req, failure_rate=0.15).run(req)
    memory = n / (time.perf_counter() - t0)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        run_batch(requests, lambda r, k: oracle_agent(world, r, k, failure_rate=0.15),
                  Path(tmp) / "runs.jsonl", progress=False)
        batch = n / (time.perf_counter() - t0)
    return memory, batch


def teacher(n: int, slots: int, threads: int, max_steps: int) -> dict[int, dict]:
    """Requests per second of the teacher simulation with 1 and `slots` workers."""
    from gba.batch import run_batch
    from gba.client.llama_server import LlamaServerClient
    from gba.client.server_process import find_llama_server, start_llama_server
    from gba.models import resolve_model
    from gba.simulation.simulated import FailureInjection
    from gba.simulation.teacher import TeacherRoles, TeacherSettings, teacher_agent
    from gba.trajectory import Request

    if find_llama_server() is None:
        raise SystemExit("llama-server is not built; run scripts/build_llama_server.sh")
    settings = TeacherSettings(tools=["calculate_number", "search_wikipedia", "final_answer"],
                               max_steps=max_steps, planner_max_tokens=300, tool_max_tokens=120,
                               answer_max_tokens=120, failure=FailureInjection(rate=0.15))
    texts = (REQUESTS * (n // len(REQUESTS) + 1))[:n]
    out: dict[int, dict] = {}
    with start_llama_server(resolve_model(), n_ctx=2048 * slots, threads=threads,
                            extra_args=["-np", str(slots)]) as url:
        roles = TeacherRoles.single(LlamaServerClient(url, timeout_s=300))
        with tempfile.TemporaryDirectory() as tmp:
            def make(request: Request, repeat: int):
                return teacher_agent(roles, settings, request.id, repeat)

            run_batch([Request(id="warm", text=REQUESTS[0])], make, Path(tmp) / "warm.jsonl",
                      progress=False)
            for workers in (slots, 1):
                requests = [Request(id=f"w{workers}-{i}", text=t) for i, t in enumerate(texts)]
                t0 = time.perf_counter()
                report = run_batch(requests, make, Path(tmp) / f"w{workers}.jsonl",
                                   workers=workers, progress=False)
                seconds = time.perf_counter() - t0
                from gba.batch import load_batch

                for traj in load_batch(Path(tmp) / f"w{workers}.jsonl"):
                    if traj.error:
                        print(f"  error ({workers} workers): {traj.error[:300]}", file=sys.stderr)
                out[workers] = {"seconds": seconds, "rps": n / seconds,
                                "tok_s": report.usage.completion_tokens / seconds,
                                "errors": report.errors, "completed": report.completed}
                print(f"  {workers} worker(s): {seconds:.1f} s", file=sys.stderr, flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4,
                        help="teacher requests per run (each run: 1 and 4 workers)")
    parser.add_argument("--scripted", type=int, default=500, help="scripted trajectories")
    parser.add_argument("--slots", type=int, default=4, help="llama-server parallel slots")
    parser.add_argument("--threads", type=int, default=2,
                        help="llama-server threads; use 1 when other jobs share the cores "
                             "(llama.cpp's spinning threads crawl on an oversubscribed CPU)")
    parser.add_argument("--max-steps", type=int, default=3)
    parser.add_argument("--no-teacher", action="store_true")
    args = parser.parse_args()
    # a plain SIGTERM (e.g. from `timeout`) unwinds, so the llama-server child is stopped
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    memory, batch = scripted(args.scripted)
    print(f"scripted world, {args.scripted} oracle trajectories: {memory:.0f}/s in memory, "
          f"{batch:.0f}/s through gba.batch (JSONL, fsync per record)", flush=True)
    if args.no_teacher:
        return
    runs = teacher(args.requests, args.slots, args.threads, args.max_steps)
    print(f"\nLLM teacher (embedded SmolLM2-135M on llama-server, {args.slots} slots, "
          f"{args.threads} threads), {args.requests} requests, at most {args.max_steps} steps")
    print("| workers | seconds | requests/s | completion tok/s | completed | errors |")
    print("|---|---|---|---|---|---|")
    for workers in sorted(runs):
        r = runs[workers]
        print(f"| {workers} | {r['seconds']:.1f} | {r['rps']:.3f} | {r['tok_s']:.1f} | "
              f"{r['completed']} | {r['errors']} |")
    one, many = runs[1], runs[args.slots]
    print(f"scaling ratio ({args.slots} workers / 1): requests/s {many['rps'] / one['rps']:.2f}, "
          f"completion tok/s {many['tok_s'] / one['tok_s']:.2f}")


if __name__ == "__main__":
    main()
