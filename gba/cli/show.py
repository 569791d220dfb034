"""`gba show`: print a saved trajectory.

Leaves out running agents (run.py).

>>> show.name
'show'
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def show(path):
    """Print a saved trajectory (.json or .jsonl) as a readable table."""
    from gba.trajectory import Trajectory, read_jsonl

    records = read_jsonl(path) if path.suffix == ".jsonl" else [Trajectory.load(path)]
    for traj in records:
        click.secho(f"[{traj.status}] {traj.request.text}", bold=True)
        for step in traj.steps:
            click.echo(f"  {step.index + 1}. {step.tool:<18} {step.plan.task[:70]}")
            click.echo(f"     -> {step.observation[:100]}")
        click.echo(f"  answer: {traj.final_answer}")


COMMANDS = [show]
