"""How often the search threshold (0.45 cosine) turns away an article the task names, and
whether naming lets in articles for tasks no encyclopedia answers: one run over the offline
index, printing both shares.

    python benchmarks/named_titles.py [--n 400]

Named tasks: "<title> birth year" / "Find out when <title> began." style tasks for a seeded
sample of the corpus's titles (the task names the article). Unanswerable tasks: requests about
the user's own life and fictional things, as the planner would pass them on.
"""

from __future__ import annotations

import argparse
import random

from gba.retrieval.corpus import offline_descriptions
from gba.retrieval.index import load_index
from gba.tools.search.wikipedia import names_title

THRESHOLD = 0.45
FORMS = ["Find {t}'s birth year.", "{t} height", "When did {t} end?", "Look up the population of {t}.",
         "Find out when {t} died."]
UNANSWERABLE = ["Find my rent.", "How much do I pay for electricity each month?",
                "Look up my dentist's phone number.", "Find the population of the city of Zarnok.",
                "When was my grandmother born?", "Find the price of my train ticket.",
                "How far is my office from home?", "Find my salary.",
                "Look up the height of Mount Vellaris.", "When did the Grelm Empire end?",
                "Find how many people live in my street.", "Look up my car's fuel use."]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400)
    args = ap.parse_args()
    searcher = load_index(None)
    titles = sorted(offline_descriptions())
    rng = random.Random(0)
    sample = rng.sample(titles, min(args.n, len(titles)))
    below = rescued = top_named = 0
    for t in sample:
        task = rng.choice(FORMS).format(t=t)
        hits = searcher.search(task, k=3)
        hit = next((h for h in hits if h.title == t), None)
        if hit is None:
            continue
        top_named += 1
        if hit.score < THRESHOLD:
            below += 1
            rescued += names_title(t, task)
    print(f"named tasks: {len(sample)}; the named article in the top 3 for {top_named}; "
          f"below {THRESHOLD}: {below} ({below / max(top_named, 1):.1%}); "
          f"kept by naming: {rescued} of {below}")
    let_in = 0
    for task in UNANSWERABLE:
        hits = searcher.search(task, k=3)
        kept = [h.title for h in hits if h.score >= THRESHOLD or names_title(h.title, task)]
        let_in += bool(kept)
        print(f"  {task!r}: kept {kept or 'none'}; best {hits[0].title} {hits[0].score:.2f}")
    print(f"unanswerable tasks with an article kept: {let_in} of {len(UNANSWERABLE)} "
          f"(threshold alone: {sum(searcher.search(t, k=1)[0].score >= THRESHOLD for t in UNANSWERABLE)})")


if __name__ == "__main__":
    main()
