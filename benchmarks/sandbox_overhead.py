"""Per-call overhead of the calculation sandbox (gba.tools.sandbox.run_code).

Times a trivial program through the forked sandbox, after one warm-up call. The figure
backs the choice of fork over multiprocessing's forkserver or a fresh interpreter (see the
sandbox's docstring and the README).

    python benchmarks/sandbox_overhead.py            # 30 calls
    python benchmarks/sandbox_overhead.py --n 100
"""

from __future__ import annotations

import argparse

from gba.tools.sandbox import run_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30, help="timed calls")
    args = parser.parse_args()
    run_code("1")  # warm-up
    times = sorted(run_code("1 + 1").duration_s for _ in range(args.n))
    print(f"run_code overhead: median {times[len(times) // 2] * 1000:.1f} ms, "
          f"min {times[0] * 1000:.1f} ms over {args.n} calls")


if __name__ == "__main__":
    main()
