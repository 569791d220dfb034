"""`gba` command line: the `main` click group; each command group lives in its own module.

    gba run "What is the population of the capital of France times 2?"
    gba complete "Plan a trip to Rome" --schema plan
    gba index build

Adding a group is one line in `COMMAND_MODULES`: a module exposing `COMMANDS = [...]`
(click commands or groups). Leaves out the commands themselves; a module that is missing
(not written yet, or its optional extra absent) is skipped.

>>> main.name
'main'
"""

from __future__ import annotations

import importlib

import click

COMMAND_MODULES = [
    "gba.cli.run",
    "gba.cli.complete",
    "gba.cli.show",
    "gba.cli.index",
    "gba.cli.simulate",
    "gba.cli.train",
    "gba.cli.evaluate",
    "gba.simulation.commands",
    "gba.training.commands",
]


@click.group()
@click.version_option(package_name="gba")
def main() -> None:
    """gba: small planners for ReAct-style agents."""


def _register(module_names: list[str]) -> None:
    seen: set[str] = set()
    for name in module_names:
        try:
            module = importlib.import_module(name)
        except ImportError:  # module not written yet, or its optional extra is missing
            continue
        for command in getattr(module, "COMMANDS", []):
            if command.name not in seen:
                seen.add(command.name)
                main.add_command(command)


_register(COMMAND_MODULES)


if __name__ == "__main__":
    main()
