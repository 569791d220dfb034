"""`gba show`: print a saved trajectory.

A file that is not a trajectory (empty, cut off, garbage) is one error line naming it; a
JSONL whose last line was cut off by an interrupted write says so and shows the records
before it. Text from records is printed with terminal control characters escaped (`\\x1b`),
so a request cannot move the cursor, clear the screen or retitle the terminal.

Leaves out running agents (run.py).

>>> show.name
'show'
>>> printable("ok\\x1b[2J")
'ok\\\\x1b[2J'
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from gba.cli.common import fail
from gba.errors import GBAError
from gba.text import clip

TASK_CHARS = 70  # one table row per step: the task ...
OBSERVATION_CHARS = 100  # ... and the observation under it

# C0 controls (tab and newline too: each field is printed on its line), DEL, C1 controls,
# and the bidirectional overrides that reorder what a terminal shows.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` with every control character written as an escape (`\\x1b`, `\\n`)."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                       str(text))


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def show(path):
    """Print a saved trajectory (.json or .jsonl) as a readable table."""
    from gba.trajectory import Trajectory, scan_jsonl

    try:
        if path.suffix == ".jsonl":
            contents = scan_jsonl(path)
            records, torn = contents.records, contents.torn_line
        else:
            records, torn = [Trajectory.load(path)], None
    except GBAError as exc:
        fail(exc)
    except OSError as exc:
        fail(GBAError(f"cannot read {path}: {exc.strerror}"))
    if not records and torn is None:
        fail(GBAError(f"{path} holds no trajectories (it is empty)"))
    for traj in records:
        click.secho(f"[{traj.status}] {printable(traj.request.text)}", bold=True)
        for step in traj.steps:
            task = printable(clip(step.plan.task, TASK_CHARS))
            click.echo(f"  {step.index + 1}. {printable(step.tool):<18} {task}")
            if step.note:
                click.echo(f"     ({printable(step.note)})")
            click.echo(f"     -> {printable(clip(step.observation, OBSERVATION_CHARS))}")
        click.echo(f"  answer: {printable(traj.final_answer)}")
    if torn is not None:
        click.secho(f"note: line {torn} of {path} is cut off (a run was interrupted while "
                    f"writing it) and is not shown; {len(records)} complete records above. "
                    "Resuming that run drops the cut line and reruns its request.",
                    fg="yellow", err=True)


COMMANDS = [show]
