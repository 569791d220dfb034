"""`gba show`: print a saved trajectory.

Leaves out running agents (run.py).

>>> show.name
'show'
"""

from __future__ import annotations

from pathlib import Path

import click

from gba.text import clip

TASK_CHARS = 70  # one table row per step: the task ...
OBSERVATION_CHARS = 100  # ... and the observation under it


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def show(path):
    """Print a saved trajectory (.json or .jsonl) as a readable table."""
    from gba.trajectory import Trajectory, read_jsonl

    records = read_jsonl(path) if path.suffix == ".jsonl" else [Trajectory.load(path)]
    for traj in records:
        click.secho(f"[{traj.status}] {traj.request.text}", bold=True)
        for step in traj.steps:
            click.echo(f"  {step.index + 1}. {step.tool:<18} {clip(step.plan.task, TASK_CHARS)}")
            click.echo(f"     -> {clip(step.observation, OBSERVATION_CHARS)}")
        click.echo(f"  answer: {traj.final_answer}")


COMMANDS = [show]
