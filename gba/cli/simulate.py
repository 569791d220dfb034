"""The `gba simulate` commands (mounted by gba.cli; `COMMANDS` lists them).

    gba simulate dataset --out runs/scripted          # scripted world -> packaged dataset
    gba simulate scripted --out runs/sim --train 4000 # just the trajectories (resumable)
    gba simulate package runs/sim --out runs/dataset  # just the packaging
    gba simulate teacher --out runs/teacher --requests 200 --backend openai --model gpt-4o
    gba simulate judge runs/teacher/trajectories/train.jsonl --backend openai --model gpt-4o

>>> [c.name for c in COMMANDS]
['simulate']
"""

from __future__ import annotations

import click

from gba.cli.common import agent_config, client_options, fail
from gba.config import BACKENDS


def _sizes(**sizes: int) -> dict:
    """Split sizes from the split options (test_entities, ... as the splits are named)."""
    return dict(sizes)


def _split_options(fn):
    options = [
        click.option("--train", default=6000, show_default=True, help="training requests"),
        click.option("--validation", default=200, show_default=True),
        click.option("--test-entities", default=200, show_default=True,
                     help="requests over held-out entities"),
        click.option("--test-templates", default=200, show_default=True,
                     help="requests from held-out templates"),
        click.option("--test-shapes", default=200, show_default=True,
                     help="requests of held-out program shapes"),
        click.option("--test-phrasings", default=200, show_default=True,
                     help="requests in the held-out phrasing family"),
        click.option("--seed", default=0, show_default=True, help="world and request seed"),
        click.option("--failure-rate", default=0.15, show_default=True,
                     help="share of searches that fail (the oracle retries)"),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@click.group()
def simulate() -> None:
    """Generate trajectories and training datasets (offline scripted world)."""


@simulate.command()
@click.option("--out", required=True, type=click.Path(file_okay=False), help="output folder")
@_split_options
@click.option("--workers", default=1, show_default=True)
def scripted(out, seed, failure_rate, workers, **sizes):
    """Oracle trajectories in the scripted world, one JSONL per split (resumes)."""
    from gba.errors import GBAError
    from gba.simulation.scripted import simulate_scripted

    try:  # interrupted, locked by another run, other settings, a corrupt line
        paths = simulate_scripted(out, _sizes(**sizes),
                                  seed=seed, failure_rate=failure_rate, workers=workers)
    except GBAError as exc:
        fail(exc)
    for split, path in paths.items():
        click.echo(f"{split}: {path}")


@simulate.command()
@click.argument("sim_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--out", required=True, type=click.Path(file_okay=False))
@click.option("--function-examples", default=800, show_default=True,
              help="generated function-calling examples in train (a tenth in other splits)")
@click.option("--seed", default=0, show_default=True)
@click.option("--solved-examples", is_flag=True,
              help="calculation prompts show the nearest solved tasks of the committed bank "
                   "(data/examples/calculations.jsonl), as the agent does with "
                   "`solved_examples = true` in its config")
@click.option("--repair-turns", is_flag=True,
              help="also train the calculation role to mend code the checks refuse: a share "
                   "of calculations repeated with a wrong code and the tool's message "
                   "(gba.simulation.repairs)")
def package(sim_dir, out, function_examples, seed, solved_examples, repair_turns):
    """Package trajectories into per-role training examples (JSONL, HF datasets, card)."""
    from gba.errors import GBAError
    from gba.simulation.package import package_dataset

    try:
        bank = None
        if solved_examples:
            from gba.tools.examples import load_bank

            bank = load_bank()
        counts = package_dataset(sim_dir, out, seed=seed, function_examples=function_examples,
                                 bank=bank, repairs=repair_turns)
    except (FileNotFoundError, GBAError) as exc:
        fail(exc)
    click.echo(" ".join(f"{k}={v}" for k, v in counts.items()) + f"  -> {out}")


@simulate.command()
@click.option("--out", required=True, type=click.Path(file_okay=False))
@_split_options
@click.option("--function-examples", default=800, show_default=True)
def dataset(out, seed, failure_rate, function_examples, **sizes):
    """Both steps: trajectories to OUT/sim, the packaged dataset to OUT/dataset."""
    from gba.errors import GBAError
    from gba.simulation.scripted import build_dataset

    try:  # as in `scripted`
        counts = build_dataset(out, _sizes(**sizes),
                               seed=seed, failure_rate=failure_rate,
                               function_examples=function_examples)
    except GBAError as exc:
        fail(exc)
    click.echo(" ".join(f"{k}={v}" for k, v in counts.items()) + f"  -> {out}/dataset")


@simulate.command()
@click.argument("sim_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--out", default="data/examples/calculations.jsonl", show_default=True,
              type=click.Path(dir_okay=False))
@click.option("--per-template", default=100, show_default=True,
              help="solved tasks kept per request template (word problems 15 times as many, "
                   "the user's own numbers 2 to 8 times: gba.simulation.examples.SHARES)")
@click.option("--stories", default=4000, show_default=True,
              help="further word problems drawn from the story generator (training frames)")
def examples(sim_dir, out, per_template, stories):
    """The calculation role's bank of solved tasks (gba.tools.examples) from the correct
    trajectories of SIM_DIR/train.jsonl (the training split only; no task that contains a
    request of the evaluation sets), e.g.
    `gba simulate dataset --out runs/programs12 --train 12000 --function-examples 6000`
    then `gba simulate examples runs/programs12/sim`."""
    import json
    from pathlib import Path

    from gba.simulation.examples import composed_word_problems, solved_calculations
    from gba.simulation.package import is_correct
    from gba.trajectory import REAL_SETS, iter_jsonl, request_set

    train = Path(sim_dir) / "train.jsonl"
    if not train.is_file():
        fail(f"no {train}: give the folder `gba simulate scripted` wrote (its sim/ folder)")
    evaluation = [r.text for name in REAL_SETS for r in request_set(name)]
    rows = solved_calculations((t for t in iter_jsonl(train) if is_correct(t)), per_template,
                               exclude=evaluation)
    rows += composed_word_problems(stories, exclude=evaluation, skip=[r["task"] for r in rows])
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text("".join(json.dumps(r) + "\n" for r in rows))
    click.echo(f"{len(rows)} solved calculations from {train} -> {out}")


def _teacher_client_options(fn):
    options = [
        click.option("--judge-backend", type=click.Choice(BACKENDS),
                     default=None, help="judge model backend (default: the teacher's)"),
        click.option("--judge-model", default=None, help="judge model (default: the teacher's)"),
        click.option("--judge-base-url", default=None, help="judge server URL"),
    ]
    for option in reversed(options):
        fn = option(fn)
    return client_options(fn)


def _roles(backend, model, base_url, config_path, judge_backend, judge_model, judge_base_url):
    """Teacher roles from the CLI: the config's planner/tools roles (or --backend ...), the
    user on the tools model, the judge on its own model when one is given."""
    from gba.config import ClientPool
    from gba.simulation.teacher import TeacherRoles

    cfg = agent_config(config_path, backend or (None if config_path else "openai"), model,
                      base_url)
    pool = ClientPool()
    planner = pool.get(cfg.planner)
    tools = pool.get(cfg.tools) if cfg.tools is not None else planner
    judge_cfg = cfg.planner.connection()
    if judge_backend or judge_model or judge_base_url:
        judge_cfg = judge_cfg.model_copy(update={k: v for k, v in {
            "backend": judge_backend, "model": judge_model, "base_url": judge_base_url}.items()
            if v is not None})
    return TeacherRoles(planner=planner, tools=tools, user=tools,
                        judge=pool.get(judge_cfg)), pool


@simulate.command()
@click.option("--out", required=True, type=click.Path(file_okay=False), help="output folder")
@click.option("--requests", "n_requests", default=100, show_default=True,
              help="requests to generate (train and test together)")
@click.option("--test-fraction", default=0.1, show_default=True)
@click.option("--exclude", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="JSONL of requests no training request may resemble (e.g. an eval set)")
@click.option("--simulate-test", is_flag=True, help="also run the teacher on the test split")
@click.option("--workers", default=4, show_default=True, help="concurrent requests")
@click.option("--planner", type=click.Choice(["teacher", "zero-shot"]), default="teacher",
              show_default=True, help="planner prompt: the richer teacher prompt or zero-shot")
@click.option("--user", type=click.Choice(["simulated", "scripted"]), default="simulated",
              show_default=True, help="who answers ask_user")
@click.option("--tools", default=",".join(["ask_user", "calculate_number", "search_wikipedia",
              "search_internet", "final_answer"]), show_default=True)
@click.option("--failure-rate", default=0.15, show_default=True,
              help="share of search calls that fail (half of them partly)")
@click.option("--max-steps", default=10, show_default=True)
@click.option("--judge/--no-judge", default=True, show_default=True)
@click.option("--threshold", default=4, show_default=True,
              help="keep trajectories whose final answer is judged >= this")
@click.option("--price-per-1k", default=0.0, show_default=True,
              help="price per 1000 tokens, for the cost estimate")
@click.option("--seed", default=0, show_default=True)
@click.option("--quiet", is_flag=True, help="no progress bars")
@_teacher_client_options
def teacher(out, n_requests, test_fraction, exclude, simulate_test, workers, planner, user,
            tools, failure_rate, max_steps, judge, threshold, price_per_1k, seed, quiet,
            backend, model, base_url, config_path, judge_backend, judge_model, judge_base_url):
    """LLM-teacher simulation: generated requests, teacher planner, simulated tools and
    user, judge and filter; resumes in OUT. The backend defaults to openai here (OpenAI or
    any OpenAI-compatible --base-url); llama-server and local work too."""
    from gba.errors import GBAError
    from gba.simulation.simulated import FailureInjection
    from gba.simulation.teacher import TeacherSettings, simulate_teacher
    from gba.trajectory import request_set

    settings = TeacherSettings(
        tools=[t.strip() for t in tools.split(",") if t.strip()], planner=planner, user=user,
        failure=FailureInjection(rate=failure_rate), max_steps=max_steps, seed=seed)
    excluded = [r.text for path in exclude for r in request_set(path)]
    roles, pool = _roles(backend, model, base_url, config_path, judge_backend, judge_model,
                         judge_base_url)
    try:
        report = simulate_teacher(
            out, roles, n_requests=n_requests, settings=settings, test_fraction=test_fraction,
            exclude=excluded, splits=("train", "test") if simulate_test else ("train",),
            workers=workers, judge=judge, threshold=threshold, price_per_1k_tokens=price_per_1k,
            progress=not quiet)
    except (GBAError, ValueError) as exc:
        fail(exc)
    finally:
        pool.close()
    for split, run in report.runs.items():
        kept = report.judged.get(split, {}).get("kept")
        click.echo(f"{split}: completed={run.completed} step_limit={run.step_limit} "
                   f"errors={run.errors} skipped={run.skipped}"
                   + (f" kept={kept}" if kept is not None else ""))
    usage = report.usage
    click.echo(f"requests: {report.requests}  tokens: {usage.prompt_tokens} prompt + "
               f"{usage.completion_tokens} completion  cost: {report.cost}  -> {out}")


@simulate.command()
@click.argument("trajectories", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", default=None, type=click.Path(dir_okay=False),
              help="judgments JSONL (default: next to TRAJECTORIES, .judged.jsonl)")
@click.option("--kept", default=None, type=click.Path(dir_okay=False),
              help="also write the trajectories judged >= --threshold here")
@click.option("--threshold", default=4, show_default=True)
@click.option("--workers", default=4, show_default=True)
@click.option("--quiet", is_flag=True)
@_teacher_client_options
def judge(trajectories, out, kept, threshold, workers, quiet, backend, model, base_url,
          config_path, judge_backend, judge_model, judge_base_url):
    """Rate every step's task and the final answer of TRAJECTORIES (resumes), print the
    pass / bad-task / completion rates and, where ground truth exists, the agreement.
    The backend defaults to openai here."""
    from pathlib import Path

    from gba.errors import GBAError
    from gba.evaluation.judged import judged_metrics_files
    from gba.simulation.judge import filter_file, judge_file

    out = out or str(Path(trajectories).with_suffix(".judged.jsonl"))
    roles, pool = _roles(backend, model, base_url, config_path, judge_backend, judge_model,
                         judge_base_url)
    try:
        report = judge_file(trajectories, roles.judge, out, workers=workers,
                            progress=not quiet)
    except GBAError as exc:
        fail(exc)
    finally:
        pool.close()
    click.echo(f"judged={report.judged} failed={report.failed} skipped={report.skipped} "
               f"errors_not_judged={report.not_judged_errors} -> {out}")
    if kept:
        click.echo(f"kept={filter_file(trajectories, out, kept, threshold=threshold)} -> {kept}")
    click.echo(judged_metrics_files(trajectories, out).model_dump_json(indent=1))


COMMANDS = [simulate]
