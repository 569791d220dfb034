"""Requests with ground truth for each split of the scripted world.

Two generators feed every split: the fixed templates of the fictional world (arithmetic.py,
lookups.py) and the request programs over the real corpus and the user's values
(programs.py), drawn with probability `PROGRAM_SHARE`.

Splits: `train` and `validation` (training entities, templates, shapes and phrasings),
`test_entities` (entities and real articles held out of training), `test_templates`
(fictional-world templates never trained on), `test_shapes` (program shapes never trained
on), `test_phrasings` (the held-out phrasing family). Same seed, same requests.

>>> from gba.simulation.world import World
>>> reqs = make_requests(World.generate(0), "train", 5, seed=0)
>>> len(reqs), reqs[0].source
(5, 'scripted')
"""

from __future__ import annotations

import random

from gba.planner.schema import MAX_CHARS
from gba.simulation.arithmetic import TEMPLATES as ARITHMETIC
from gba.simulation.draft import Draft, carries
from gba.simulation.lookups import REAL_TEMPLATES, WORLD_TEMPLATES, real_people
from gba.simulation.programs import (
    ENTITY_FREE_SHAPES,
    HELD_OUT_SHAPES,
    SHAPE_WEIGHTS,
    SHAPES,
    Ctx,
)
from gba.simulation.records import SPLITS
from gba.simulation.world import World
from gba.trajectory import Request

HELD_OUT_TEMPLATES = frozenset({"percent_change", "density", "founder_birth", "ask_tax"})

WEIGHTS = {  # template -> relative frequency
    "mul_add": 3, "percent_of": 3, "unit_conversion": 3, "average": 2, "compound_interest": 2,
    "percent_change": 2, "split_bill": 2, "days_between": 2, "years_between": 2, "simple_op": 2,
    "two_ops": 3, "power": 2, "square_root": 2, "ask_age": 1.5,
    "ask_height": 1, "ask_tax": 1, "direct": 1, "lookup": 6, "years_since_founding": 2,
    "population_growth": 2, "product_total": 2, "age_at_death": 2, "density": 2, "compare": 3,
    "difference": 2, "average_population": 1.5, "birthplace_population": 2, "founder_birth": 2,
    "email_fact": 1.5, "calendar_event": 1.5, "real_birth": 2, "real_lifespan": 2,
    "real_compare": 1.5,
}
ENTITY_FREE = frozenset(ARITHMETIC) | {"calendar_event"}
MAX_TASK_CHARS = MAX_CHARS["task"]
PROGRAM_SHARE = 0.65  # of train / validation / test_entities requests


def shapes_for(split: str) -> dict[str, float]:
    """The program shapes a split draws from, with their weights."""
    if split == "test_templates":
        return {}
    names = [s for s in SHAPE_WEIGHTS if (s in HELD_OUT_SHAPES) == (split == "test_shapes")]
    if split == "test_entities":
        names = [s for s in names if s not in ENTITY_FREE_SHAPES]
    if not real_people():
        names = [s for s in names if s in ENTITY_FREE_SHAPES]
    return {s: SHAPE_WEIGHTS[s] for s in names}


def templates_for(split: str) -> dict[str, float]:
    """The templates a split draws from, with their weights."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    if split in ("test_shapes", "test_phrasings"):
        return {}
    names = [t for t in WEIGHTS if (t in HELD_OUT_TEMPLATES) == (split == "test_templates")]
    if split == "test_entities":  # held-out entities only make sense where entities occur
        names = [t for t in names if t not in ENTITY_FREE]
    if not real_people():
        names = [t for t in names if t not in REAL_TEMPLATES]
    return {t: WEIGHTS[t] for t in names}


def draft(template: str, rng: random.Random, world: World, held_out: bool) -> Draft:
    if template in ARITHMETIC:
        d = ARITHMETIC[template](rng)
    elif template in WORLD_TEMPLATES:
        d = WORLD_TEMPLATES[template](rng, world, held_out)
    else:
        d = REAL_TEMPLATES[template](rng, world, held_out)
    return with_copy_tasks(d)


def with_copy_tasks(d: Draft) -> Draft:
    """Tasks that reuse the request's own words where that carries every value the tool
    needs: "Calculate: <request>", "Using <facts found>, calculate: <request>", "Look up:
    <request>" for the first lookup of a request about one entity or two. A 135M planner
    learns to copy far sooner than to rephrase; the tool model, which sees the same task,
    does the rephrasing into code or a query. Asked about two entities, the search may
    answer about both (the second lookup is then skipped, see the oracle) or about the first
    only: the second lookup keeps its entity-specific tasks. A copied task that failed is
    retried in the step's own words (`retry_tasks`: the entity's name and what is asked), as
    repeating the same words would fail again."""
    known: list[str] = []
    for i, step in enumerate(d.steps):
        if step.tool == "calculate_number":
            facts = " ".join(known)
            task = (f"Using {facts.rstrip('.')}, calculate: {d.request}" if facts
                    else f"Calculate: {d.request}")
            if len(task) <= MAX_TASK_CHARS and carries(task, step.inputs, d.request):
                step.retry_tasks, step.tasks = step.tasks, [task]
        elif (step.tool == "search_wikipedia" and i == 0 and len(d.request) <= MAX_TASK_CHARS - 10
              and (len(d.entities) == 1 or (len(d.entities) == 2 and len(d.steps) > 1
                                            and d.steps[1].tool == "search_wikipedia"))):
            step.retry_tasks, step.tasks = step.tasks, [f"Look up: {d.request}"]
        known.append(step.known)
    return d


def make_requests(world: World, split: str, n: int, seed: int = 0,
                  exclude: set[str] | None = None) -> list[Request]:
    """`n` distinct requests of `split`, each with its `GroundTruth` in `ground_truth`.
    Texts in `exclude` (e.g. the training requests) are never produced."""
    weights, shapes = templates_for(split), shapes_for(split)
    rng = random.Random(f"gba-requests-{world.seed}-{seed}-{split}")
    held_out = split == "test_entities"
    ctx = Ctx(entities=held_out, phrasing=split == "test_phrasings")
    share = 1.0 if not weights else 0.0 if not shapes else PROGRAM_SHARE
    seen = set(exclude or ())
    out: list[Request] = []
    names, w = list(weights), list(weights.values())
    tries = 0
    while len(out) < n:
        tries += 1
        if tries > 50 * n + 100:
            raise RuntimeError(f"could not make {n} distinct {split} requests")
        if rng.random() < share:
            shape = rng.choices(list(shapes), list(shapes.values()))[0]
            try:
                d = with_copy_tasks(SHAPES[shape](rng, ctx))
            except LookupError:  # no entity of this split fits the shape
                continue
        else:
            d = draft(rng.choices(names, w)[0], rng, world, held_out)
        key = d.request.strip().lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(Request(id=f"w{world.seed}-{split}-{seed}-{len(out):05d}", text=d.request,
                           source="scripted", ground_truth=d.truth(split).model_dump()))
    return out
