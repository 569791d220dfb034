"""Dataset packaging: correct trajectories -> one training example per step and role.

Every prompt is built by the very function the role uses at inference (`planner_prompt`,
`calculation_messages`, `query_messages`, `answer_messages`, `arguments_messages`,
`final_answer_messages`), rendered with the target model's own chat template, so training
and inference see the same bytes. Targets are the JSON the role's schema makes the model
write (compact, ", " and ": " separators, as the grammar enforces). Splits come from the
requests (never from steps). Output: `<split>.jsonl` of `Example`, a Hugging Face `datasets`
copy under `hf/`, `stats.json` and a dataset card `README.md`.

With a bank of solved calculations (`bank`, gba.tools.examples; `--solved-examples`), each
calculation prompt of every split shows what the role is shown at inference with
`AgentConfig.solved_examples`: the two solved tasks of the bank nearest to its task (never
the task itself), except in a share of the prompts (`OTHER_EXAMPLES`) that show two drawn at
random or the two fixed examples, so that the model learns to copy a neighbour's structure
where it fits and to solve the task itself where none does.

Leaves out: examples from failed or incorrect runs (filtered), and roles the default agent does
not use (the summarizer).

>>> from gba.simulation.lookups import query_for, real_people
>>> query_for("Kelmora", ["population"])
'Kelmora population'
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from tqdm import tqdm

from gba.client.base import Prompt
from gba.planner.fine_tuned import planner_prompt
from gba.simulation.corpus import real_by_title, real_entities
from gba.simulation.draft import OracleStep
from gba.simulation.function_specs import argument_examples
from gba.simulation.lookups import query_for, real_people
from gba.simulation.records import SPLITS, Example, GroundTruth
from gba.simulation.repairs import REPAIR_SHARE, caught
from gba.simulation.tools import APP_SPECS, normalize, oracle_steps
from gba.simulation.world import World
from gba.tools.calculate import (
    COVER_PROMPT,
    calculation_messages,
    cover_turns,
    repair_turns,
)
from gba.tools.examples import SHOWN
from gba.tools.final_answer import final_answer_messages
from gba.tools.function_call import SPEC_LINE, arguments_messages, function_context
from gba.tools.search.answer import (
    SOURCES_DO_NOT_SAY,
    Source,
    answer_messages,
    fit_sources,
    query_messages,
    split_cited,
)
from gba.tools.search.wikipedia import BUDGET_CHARS
from gba.trajectory import Step, Trajectory, iter_jsonl

COMPARISON_CODE = re.compile(r"result = (?:min|max)\(")  # a comparison decided in code
Render = Callable[[Prompt], str]
CODE = re.compile(r"\(code: (.*)\)$", re.S)
OTHER_EXAMPLES = (0.15, 0.15)  # shares of calculation prompts shown random / fixed examples


def shown_examples(bank, task: str, rng: random.Random) -> list[tuple[str, str]] | None:
    """The solved tasks a calculation prompt shows (None: the two fixed EXAMPLES): `bank`'s
    nearest to `task`, or in OTHER_EXAMPLES of the prompts two at random or the fixed two.

    >>> from gba.tools.examples import ExampleBank, bag_of_words
    >>> bank = ExampleBank([("Add 2 and 3.", "result = 2 + 3"), ("Halve 10.", "result = 10 / 2"),
    ...                     ("Halve 8.", "result = 8 / 2")], embed=bag_of_words)
    >>> shown_examples(bank, "Halve 64.", random.Random(0))
    [('Halve 8.', 'result = 8 / 2'), ('Halve 10.', 'result = 10 / 2')]
    """
    if bank is None:
        return None
    draw = rng.random()
    if draw < OTHER_EXAMPLES[0]:
        return [p for p in rng.sample(bank.pairs, SHOWN + 1) if p[0] != task][:SHOWN]
    if draw < sum(OTHER_EXAMPLES):
        return None
    return bank.nearest(task, SHOWN)


def dumps(obj: dict) -> str:
    """JSON as the grammar writes it."""
    return json.dumps(obj, ensure_ascii=False)


def embedded_renderer(model: str | None = None) -> Render:
    """Render prompts exactly as the local backend does for `model` (default: embedded)."""
    from gba.client.local import LocalClient

    client = LocalClient(model, n_ctx=512)
    return client.render


def is_correct(traj: Trajectory) -> bool:
    """The scripted world's correctness rule, written once in gba.evaluation.metrics."""
    from gba.evaluation.metrics import scripted_correct

    return scripted_correct(traj)


def trajectory_examples(traj: Trajectory, split: str, render: Render, world: World,
                        rng: random.Random, bank=None, repairs: bool = False
                        ) -> Iterable[Example]:
    """Examples of every role from one correct trajectory (calculation prompts showing
    `bank`'s solved tasks when one is given: `shown_examples`; with `repairs`, REPAIR_SHARE
    of the calculations also as a repair turn, gba.simulation.repairs)."""
    truth = GroundTruth.from_request_dict(traj.request.ground_truth)
    assert truth is not None
    reference = oracle_steps(truth)
    request = traj.request.text

    def example(role: str, index: int, prompt: Prompt, completion: str) -> Example:
        return Example(id=f"{traj.request.id}:{role}:{index}", request_id=traj.request.id,
                       split=split, role=role, step=index,  # type: ignore[arg-type]
                       prompt=render(prompt), completion=completion, template=truth.template)

    for i, step in enumerate(traj.steps):
        before = traj.steps[:i]
        yield example("planner", i, planner_prompt(request, before), dumps(step.plan.model_dump()))
        ref = _reference_for(step, reference)
        if step.tool == "calculate_number" and (code := _code(step)):
            messages = calculation_messages(request, step.task, before,
                                            examples=shown_examples(bank, step.task, rng))
            yield example("calculate_number", i, messages, dumps({"code": code}))
            if repairs and rng.random() < REPAIR_SHARE and (
                    wrong := caught(request, step.task, before, code, rng)):
                code_written, error, missing = wrong
                turns = (repair_turns(dumps({"code": code_written}), error) if error
                         else cover_turns(code_written, missing))
                yield example("calculate_number", i, messages + turns,
                              dumps({"code": code})).model_copy(
                    update={"id": f"{traj.request.id}:calculate_number:{i}:repair"})
        elif step.tool == "search_wikipedia" and ref is not None and step.sources:
            answer = step.result.get("answer") or split_cited(step.observation)[0]
            refs = _answered(ref, reference, answer)
            query = " ".join(r.entity or "" for r in refs)
            yield example("search_query", i, query_messages(step.task, "Wikipedia"),
                          dumps({"query": query_for(query, ref.attrs)}))
            if answer != SOURCES_DO_NOT_SAY:
                sources, right = _sources(refs, world, rng, step.task)
                if any(normalize(r.check) not in normalize(sources[n - 1].text)
                       for r, n in zip(refs, right, strict=True)):
                    # cut away by the budget: the grounded answer is that it is not there
                    answer, right = SOURCES_DO_NOT_SAY, []
                yield example("search_answer", i, answer_messages(step.task, sources),
                              dumps({"answer": answer, "sources": right}))
        elif step.tool in APP_SPECS and ref is not None and ref.args:
            context = function_context(before)
            yield example("function_arguments", i,
                          arguments_messages(step.task, APP_SPECS[step.tool], context),
                          dumps(ref.args))
        elif step.tool == "final_answer":
            yield example("final_answer", i, final_answer_messages(request, step.task, before),
                          dumps({"answer": step.observation}))


def _reference_for(step: Step, reference: list[OracleStep]) -> OracleStep | None:
    return next((r for r in reference if r.tool == step.tool and step.task in r.tasks), None)


def _code(step: Step) -> str | None:
    """The code a calculation step ran: its structured result, or (records written before
    steps kept results) read back from the observation."""
    if step.result.get("code") and step.error is None:
        return step.result["code"]
    m = CODE.search(step.observation)
    return m.group(1) if m else None


def _answered(ref: OracleStep, reference: list[OracleStep], answer: str) -> list[OracleStep]:
    """The lookups a search answer covers: `ref`, then every other reference lookup whose
    fact the answer states (one search about two entities)."""
    low = normalize(answer)
    return [ref] + [r for r in reference if r is not ref and r.tool == "search_wikipedia"
                    and r.entity and r.known and normalize(r.known) in low]


def _sources(refs: list[OracleStep], world: World, rng: random.Random, task: str = ""
             ) -> tuple[list[Source], list[int]]:
    """The right passages (one per lookup of `refs`) among distractors of the same sort
    (world entities for world facts, other real people for real articles), at most three in
    all, cut to the tool's budget as the tool cuts them for `task`; the numbers (from 1) of
    the right ones, in `refs` order."""
    rights = [_source(r, world, rng) for r in refs]
    k = rng.randint(1, 2) if len(rights) == 1 else rng.randint(0, 1)
    sources = [s for s in rights[0][1] if s.ref not in {r.ref for r, _ in rights}][:k]
    for right, _ in rights:
        sources.insert(rng.randint(0, len(sources)), right)
    shown = fit_sources(sources, BUDGET_CHARS, task)
    return shown, [sources.index(right) + 1 for right, _ in rights]


def _source(ref: OracleStep, world: World, rng: random.Random
            ) -> tuple[Source, list[Source]]:
    """The passage `ref` looks up, and two distractors of the same sort."""
    right = Source(label=ref.entity or "", text=ref.passage, ref=ref.entity or "")
    k = 2
    if (ref.entity or "").lower() in world.by_name:
        pool = rng.sample(world.entities["person"] + world.entities["city"]
                          + world.entities["company"] + world.entities["product"], 4)
        sources = [Source(label=e.name, text=world.passage(e), ref=e.name)
                   for e in pool if e.name != ref.entity][:k]
    elif (real := real_by_title().get(ref.entity or "")) is not None:
        right = Source(label=real.title, text=real.passage, ref=real.title)
        same = [e for e in real_entities() if e.kind == real.kind]
        sources = [Source(label=e.title, text=e.passage, ref=e.title)
                   for e in rng.sample(same, 4) if e.title != ref.entity][:k]
    else:
        pool = rng.sample(real_people(), 4)
        sources = [Source(label=p[0], text=f"{p[3]}. {p[4]}", ref=p[0])
                   for p in pool if p[0] != ref.entity][:k]
    return right, sources


def package_dataset(sim_dir: str | Path, out_dir: str | Path, *, render: Render | None = None,
                    seed: int = 0, function_examples: int = 600, progress: bool = True,
                    bank=None, repairs: bool = False) -> dict[str, int]:
    """Package the trajectories under `sim_dir` (one `<split>.jsonl` per split, plus
    `world.json`) into `out_dir`; calculation prompts show `bank`'s nearest solved tasks
    when one is given. Returns example counts per split."""
    sim_dir, out_dir = Path(sim_dir), Path(out_dir)
    world_file = sim_dir / "world.json"
    if not world_file.exists():
        raise FileNotFoundError(f"{world_file} is missing: run `gba simulate scripted --out "
                                f"{sim_dir}` first")
    world = World.model_validate_json(world_file.read_text())
    render = render or embedded_renderer()
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"gba-package-{seed}")
    counts: dict[str, int] = {}
    stats: dict[str, dict] = {}
    for split in SPLITS:
        path = sim_dir / f"{split}.jsonl"
        if not path.exists():
            continue
        trajs = list(iter_jsonl(path))
        kept = [t for t in trajs if is_correct(t)]  # type: ignore[arg-type]
        examples: list[Example] = []
        for traj in tqdm(kept, desc=f"package {split}", disable=not progress):
            examples.extend(trajectory_examples(traj, split, render, world, rng,  # type: ignore[arg-type]
                                                bank, repairs))
        n_fn = function_examples if split == "train" else function_examples // 10
        examples.extend(argument_examples(split, n_fn, render, seed=seed))
        tmp = out_dir / f"{split}.jsonl.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            for ex in examples:
                f.write(ex.model_dump_json() + "\n")
        tmp.replace(out_dir / f"{split}.jsonl")
        counts[split] = len(examples)
        stats[split] = _stats(trajs, kept, examples)  # type: ignore[arg-type]
    (out_dir / "stats.json").write_text(json.dumps(stats, indent=1))
    (out_dir / "README.md").write_text(dataset_card(stats))
    _save_hf(out_dir)
    return counts


def _stats(trajs: list[Trajectory], kept: list[Trajectory], examples: list[Example]) -> dict:
    chars = [len(e.prompt) + len(e.completion) for e in examples]
    specs = {(m.group(), m.group(1)) for e in examples if e.role == "function_arguments"
             for m in [SPEC_LINE.search(e.prompt)] if m}  # (spec line, function name)
    return {
        "trajectories": len(trajs), "kept": len(kept),
        "shapes": len({(t.request.ground_truth or {}).get("template", "") for t in kept}),
        "surface_forms": len({surface_form(t) for t in kept}),
        "roles": dict(Counter(e.role for e in examples)),
        "tools": dict(Counter(s.tool for t in kept for s in t.steps)),
        "steps": dict(sorted(Counter(len(t.steps) for t in kept).items())),
        "templates": dict(Counter((t.request.ground_truth or {}).get("template", "")
                                  for t in kept)),
        "chars_mean": round(sum(chars) / max(1, len(chars)), 1), "chars_max": max(chars or [0]),
        "search_answers_two_sources": sum(e.role == "search_answer" and len(
            json.loads(e.completion).get("sources", [])) == 2 for e in examples),
        "comparison_calculations": sum(e.role == "calculate_number" and bool(
            COMPARISON_CODE.search(e.completion)) for e in examples),
        "repair_turns": sum(e.id.endswith(":repair") for e in examples),
        "cover_turns": sum(e.id.endswith(":repair") and COVER_PROMPT[:20] in e.prompt
                           for e in examples),
        "function_specs": len(specs), "function_names": len({name for _, name in specs}),
    }


def surface_form(traj: Trajectory) -> str:
    """The request's wording with its entities and numbers masked: 'When did <E> die?'."""
    text = traj.request.text
    for name in sorted((traj.request.ground_truth or {}).get("entities", []), key=len,
                       reverse=True):
        text = text.replace(name, "<E>")
    return re.sub(r"\d[\d,.]*", "<N>", text)


def dataset_card(stats: dict[str, dict]) -> str:
    """A markdown dataset card from packaging statistics."""
    lines = ["# gba scripted-world dataset", "",
             "Training examples for every LLM role of the gba agent, packaged from oracle "
             "trajectories in the offline scripted world (`gba simulate scripted`, then "
             "`gba simulate package`). Split by request; `test_entities` uses held-out "
             "entities and real articles, `test_templates` held-out fictional-world templates, "
             "`test_shapes` held-out request-program shapes, `test_phrasings` the held-out "
             "phrasing family.", "",
             "Shapes are the fictional-world templates and request-program shapes a split holds; "
             "surface forms are distinct request wordings once entity names and numbers are "
             "masked ('When did <E> die?').", "",
             "| split | trajectories | kept (correct) | shapes | surface forms | examples "
             "| mean chars |", "|---|---|---|---|---|---|---|"]
    for split, s in stats.items():
        lines.append(f"| {split} | {s['trajectories']} | {s['kept']} | {s.get('shapes', '')} | "
                     f"{s.get('surface_forms', '')} | {sum(s['roles'].values())} | "
                     f"{s['chars_mean']} |")
    for key, title in (("roles", "Examples per role"), ("tools", "Tool calls"),
                       ("steps", "Steps per trajectory")):
        lines += ["", f"## {title}", "", "| | " + " | ".join(stats) + " |",
                  "|---|" + "---|" * len(stats)]
        names = sorted({k for s in stats.values() for k in s[key]}, key=str)
        for name in names:
            lines.append(f"| {name} | " + " | ".join(str(s[key].get(name, 0))
                                                     for s in stats.values()) + " |")
    two = {split: s.get("search_answers_two_sources", 0) for split, s in stats.items()}
    compared = {split: s.get("comparison_calculations", 0) for split, s in stats.items()}
    repaired = {split: f"{s.get('repair_turns', 0)} ({s.get('cover_turns', 0)} for a left-out "
                f"number)" for split, s in stats.items()}
    specs = {split: f"{s.get('function_specs', 0)} specs ({s.get('function_names', 0)} names)"
             for split, s in stats.items()}
    lines += ["", word_problem_breadth(), "", ask_breadth(), "",
              "Requests about two entities start with one search for both (\"Look up: "
              "<request>\"); the scripted search answers it about both, or about the first "
              "only (`gba.simulation.tools.ONE_OF_TWO`), and then the second lookup follows. "
              "Search answers stating two facts from two cited passages: "
              + ", ".join(f"{k} {v}" for k, v in two.items()) + ".", "",
              "Comparisons are decided by a calculation (`result = min(...)` or `max(...)` "
              "of the values found) before the final answer restates the one computed; "
              "a copied task that failed is retried in the step's own words. Comparison "
              "calculations: " + ", ".join(f"{k} {v}" for k, v in compared.items()) + ".", "",
              "Repair turns (`--repair-turns`, gba.simulation.repairs): a calculation "
              "shown again after a wrong version of its code that the tool's checks refuse, "
              "with the tool's own message, the right code the target: "
              + ", ".join(f"{k} {v}" for k, v in repaired.items()) + ".", "",
              "Function-arguments examples are drawn over procedurally generated function "
              "specs (`gba.simulation.function_specs`; held-out names in the test splits); "
              "distinct specs (name and description) per split: "
              + ", ".join(f"{k} {v}" for k, v in specs.items()) + "."]
    return "\n".join(lines) + "\n"


def word_problem_breadth(draws: int = 3000) -> str:
    """One line on the composed word problems' breadth (gba.simulation.stories)."""
    import random

    from gba.simulation.stories import FAMILIES, FRAMES, HELD_OUT_FRAMES, compose

    stories = [compose(random.Random(i)) for i in range(draws)]
    programs = {s.family for _, s in stories}
    forms = sum(len(v) for k, v in FRAMES.items() if k != HELD_OUT_FRAMES)
    return (f"Word problems (`word_problem` shape) are composed by `gba.simulation.stories` from "
            f"{len(FAMILIES)} operation families, {len(programs)} programs counting their "
            f"chained variants, put into words through {forms} training frames (the "
            f"'{HELD_OUT_FRAMES}' frames are held out); {len({t for t, _ in stories})} of "
            f"{draws} draws are distinct texts.")


def ask_breadth(draws: int = 2000) -> str:
    """One line on the composed requests about the user's own numbers (gba.simulation.asks)."""
    import random

    from gba.simulation.asks import breadth, compose

    quantities, operations, formulas = breadth()
    texts = {compose(random.Random(i)).text for i in range(draws)}
    return (f"Requests that need the user's own numbers (`ask_calc` shape) are composed by "
            f"`gba.simulation.asks` from {quantities} quantities only the user knows (rent, "
            f"salary, weight, commute, birth year, ...), {operations} operations on one of "
            f"them and {formulas} formulas over two; each operation's last wording and the "
            f"'need' frames are held out; {len(texts)} of {draws} draws are distinct texts.")


def _save_hf(out_dir: Path) -> None:
    """Also save as a Hugging Face `datasets` DatasetDict, when `datasets` is installed."""
    try:
        import datasets
    except ImportError:
        return
    files = {s: str(out_dir / f"{s}.jsonl") for s in SPLITS if (out_dir / f"{s}.jsonl").exists()}
    dd = datasets.load_dataset("json", data_files=files)
    dd.save_to_disk(str(out_dir / "hf"))


