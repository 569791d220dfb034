"""`gba evaluate`: run planners on request sets and print the comparison tables.

    gba evaluate run --planner fine-tuned --set real --out runs/eval
    gba evaluate run --planner zero-shot --set runs/scripted/sim/test_entities.jsonl \\
        --environment scripted --world runs/scripted/sim/world.json --limit 40 --out runs/eval
    gba evaluate report runs/eval --out data/results

Leaves out the evaluation itself (gba.evaluation).
"""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def evaluate() -> None:
    """Evaluate planners (correctness vs ground truth, paired statistics)."""


@evaluate.command("run")
@click.option("--planner", type=click.Choice(["fine-tuned", "zero-shot"]), required=True)
@click.option("--set", "set_name", default="real", show_default=True,
              help="'real' (data/requests/real.jsonl) or a JSONL of requests/trajectories")
@click.option("--environment", type=click.Choice(["real", "scripted"]), default=None,
              help="default: real for the real set, scripted otherwise")
@click.option("--world", type=click.Path(exists=True, dir_okay=False), default=None,
              help="world.json of scripted requests (default: next to the set file)")
@click.option("--limit", type=int, default=None, help="first N requests only")
@click.option("--max-steps", type=int, default=10, show_default=True)
@click.option("--lora", default=None, help="adapter for the fine-tuned planner")
@click.option("--out", default="runs/eval", show_default=True, type=click.Path(file_okay=False))
def run_cmd(planner, set_name, environment, world, limit, max_steps, lora, out):
    """Run PLANNER on a request set; appends to OUT/<set>_<planner>.jsonl (resumes)."""
    from gba.evaluation.runner import evaluate as run_eval
    from gba.evaluation.runner import request_set

    environment = environment or ("real" if set_name == "real" else "scripted")
    if environment == "scripted" and world is None:
        world = str(Path(set_name).with_name("world.json"))
    name = "real" if set_name == "real" else Path(set_name).stem
    path = Path(out) / f"{name}_{planner}.jsonl"
    report = run_eval(planner, request_set(set_name, limit), path, environment=environment,
                      lora=lora, world=world, max_steps=max_steps)
    click.echo(f"{path}: {report.completed} completed, {report.step_limit} at the step limit, "
               f"{report.errors} errors, {report.skipped} already done")


@evaluate.command("report")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--out", default=None, help="also write CSVs and tables.md here")
def report_cmd(folder, out):
    """Print correctness tables and paired tests for the files in FOLDER."""
    from gba.evaluation.report import report

    click.echo(report(folder, out))


COMMANDS = [evaluate]
