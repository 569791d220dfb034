"""Tasks that name two articles: how often the search shows both, without and with the
lead passages of named articles it missed (SearchWikipedia.with_named, which finds them
with gba.tools.search.wikipedia.named_articles), and how often naming links an article the
task did not mean. One run over the offline index, no
model: the search is run on the task text alone (the tool also searches a model-written
query).

    python benchmarks/two_named.py [--n 200]

Two-article tasks: a seeded sample of pairs of the corpus's titles of two or more words in
five forms ("How many years apart were <a> and <b> born?"). One-article tasks: benchmarks/
named_titles.py's forms; a link to any other article counts as spurious. Unanswerable tasks:
that benchmark's list (the user's own life, fictional things); any link counts.
"""

from __future__ import annotations

import argparse
import random

from gba.retrieval.corpus import offline_descriptions
from gba.retrieval.index import load_index
from gba.tools.search.wikipedia import SearchWikipedia, named_articles

K = 3  # passages the search tool shows (SearchWikipedia's default k)
PAIR_FORMS = ["How many years apart were {a} and {b} born?", "Who died first, {a} or {b}?",
              "What was the gap in years between the births of {a} and {b}?",
              "Did {a} die before {b} was born?", "How much older was {a} than {b}?"]


def main() -> None:
    from named_titles import FORMS, UNANSWERABLE

    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    searcher = load_index(None)
    titles = searcher.titles()
    tool = SearchWikipedia(None, searcher, k=K)  # no model: only its choice of passages
    multi = sorted(t for t in offline_descriptions() if len(t.split()) >= 2 and "(" not in t)
    rng = random.Random(0)
    both_before = both_after = 0
    for _ in range(args.n):
        a, b = rng.sample(multi, 2)
        task = rng.choice(PAIR_FORMS).format(a=a, b=b)
        found = searcher.search(task, k=K)
        hits = [h.title for h in found]
        after = [h.title for h in tool.with_named(named_articles(task, titles), found)]
        both_before += a in hits and b in hits
        both_after += a in after and b in after
    print(f"two-article tasks: {args.n}; both articles shown by the search alone: {both_before} "
          f"({both_before / args.n:.1%}); with the named articles it missed: {both_after} "
          f"({both_after / args.n:.1%})")
    spurious = 0
    sample = rng.sample(multi, args.n)
    for t in sample:
        task = rng.choice(FORMS).format(t=t)
        spurious += any(n != t for n in named_articles(task, titles))
    print(f"one-article tasks: {args.n}; another article linked: {spurious} "
          f"({spurious / args.n:.1%})")
    linked = [(task, named_articles(task, titles)) for task in UNANSWERABLE]
    print(f"unanswerable tasks with a linked article: {sum(bool(n) for _, n in linked)} of "
          f"{len(linked)}" + "".join(f"\n  {t!r}: {n}" for t, n in linked if n))


if __name__ == "__main__":
    main()
