"""`gba` command line: the `main` click group; each command group lives in its own module.

    gba run "What is the population of the capital of France times 2?"
    gba complete "Plan a trip to Rome" --schema plan
    gba index build

Adding a group is one line in `COMMAND_MODULES`: a module of this folder exposing
`COMMANDS = [...]` (click commands or groups). Leaves out the commands themselves. A module
whose optional extra is not installed (an `OPTIONAL` package it imports at load time) is
skipped; any other import error surfaces.

>>> main.name
'main'
>>> sorted(main.commands)
['complete', 'evaluate', 'export', 'index', 'merge', 'run', 'show', 'simulate', 'train']
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
]
# Packages of gba's extras: a command module that needs one at import time is left out when
# it is missing (today every command imports its heavy packages only when it runs).
OPTIONAL = {"llama_cpp", "llguidance", "openai", "asteval", "torch", "sentence_transformers",
            "faiss", "trafilatura", "transformers", "peft", "trl", "accelerate", "datasets",
            "gguf", "sentencepiece", "yaml", "matplotlib", "bitsandbytes"}


@click.group()
@click.version_option(package_name="gba")
def main() -> None:
    """gba: small planners for ReAct-style agents."""


def _register(module_names: list[str]) -> None:
    for name in module_names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if (exc.name or "").split(".")[0] not in OPTIONAL:
                raise
            continue
        for command in module.COMMANDS:
            main.add_command(command)


_register(COMMAND_MODULES)


if __name__ == "__main__":
    main()
