"""How many requests of a set reuse a wording the training split produces.

    python scripts/phrasing_overlap.py runs/programs/sim/train.jsonl real-broad-test
    python scripts/phrasing_overlap.py runs/programs/sim/train.jsonl real-dev-words --ids

Wordings are compared with entity names and numbers masked (gba.simulation.package's
`surface_form`): an exact match means the set's request is a training wording with other
names or numbers. Also prints the highest word-bigram Jaccard similarity of each request to
any training request (masked), as quantiles. Prints counts only, never the requests, so the
check can be run on a test set without reading it. `--ids` (for development sets only) also
prints the ids of the requests that reuse a training wording exactly.
"""

from __future__ import annotations

import sys

from gba.simulation.package import surface_form
from gba.trajectory import Trajectory, iter_jsonl, request_set


def bigrams(text: str) -> set[tuple[str, str]]:
    words = text.lower().replace("?", " ?").replace(".", " .").split()
    return set(zip(words, words[1:], strict=False))


def main(train_path: str, set_name: str, ids: bool = False) -> None:
    train = {surface_form(t) for t in iter_jsonl(train_path)}  # type: ignore[arg-type]
    grams = [bigrams(f) for f in train]
    requests = request_set(set_name)
    forms = [surface_form(Trajectory(request=r)) for r in requests]
    exact = sum(f in train for f in forms)
    best = []
    for f in forms:
        g = bigrams(f)
        best.append(max((len(g & h) / len(g | h) for h in grams if g | h), default=0.0))
    best.sort()
    q = [best[int(p * (len(best) - 1))] for p in (0.5, 0.9, 1.0)]
    print(f"{set_name}: {len(forms)} requests; {exact} reuse a training wording exactly "
          f"(names and numbers masked); best bigram Jaccard to training median {q[0]:.2f}, "
          f"90th percentile {q[1]:.2f}, max {q[2]:.2f}; {sum(b >= 0.7 for b in best)} at 0.7 "
          "or above")
    if ids:
        print("reused exactly:", " ".join(r.id for r, f in zip(requests, forms, strict=True)
                                          if f in train) or "none")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--ids" in sys.argv[3:])
