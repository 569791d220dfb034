"""Options and helpers shared by the `gba` commands: client options, the agent config they
make, and the one way a command fails.

Leaves out the commands themselves (one module per command group).

>>> callable(client_options)
True
>>> agent_config(None, "openai", "gpt-4o", None).planner.backend
'openai'
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from gba.config import BACKENDS, AgentConfig
from gba.errors import GBAError


def client_options(fn):
    options = [
        click.option("--backend", type=click.Choice(BACKENDS),
                     default=None, help="model backend for every role (default: local)"),
        click.option("--model", default=None,
                     help="local: GGUF path, 'smollm2', 'gemma3-270m' or hf:OWNER/REPO/FILE; "
                          "openai: model name"),
        click.option("--base-url", default=None, help="server URL (llama-server / openai)"),
        click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False),
                     default=None, help="TOML/JSON file mapping roles to backends"),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def agent_config(config_path, backend, model, base_url, **overrides) -> AgentConfig:
    """The agent config of a command: the `--config` file (or the defaults), with `--backend`,
    `--model` and `--base-url` applied to the planner and tool roles and every override that
    is not None set."""
    try:
        cfg = AgentConfig.load(config_path) if config_path else AgentConfig()
    except GBAError as exc:  # malformed TOML, a wrongly typed value, an unknown key
        fail(exc)
    for role in (cfg.planner, cfg.tools):
        if backend:
            role.backend = backend
        if model:
            role.model = model
        if base_url:
            role.base_url = base_url
    for key, value in overrides.items():
        if value is not None:
            setattr(cfg, key, value)
    return cfg


def fail(exc: Exception | str) -> NoReturn:
    """End the command with one red line on stderr (`error: ...`, cause and fix) and exit
    status 1, or the error's own `exit_code` (130 for an interrupt)."""
    click.secho(f"error: {exc}", fg="red", err=True)
    sys.exit(getattr(exc, "exit_code", 1))
