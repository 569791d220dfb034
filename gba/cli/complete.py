"""`gba complete`: one schema-guided completion.

Leaves out the agent loop (run.py).

>>> complete.name
'complete'
"""

from __future__ import annotations

import click

from gba.cli.common import agent_config, client_options, fail
from gba.errors import GBAError


@click.command()
@click.argument("prompt")
@client_options
@click.option("--schema", type=click.Choice(["plan", "none"]), default="plan",
              help="constrain the output to this schema (default: a planner step)")
@click.option("--max-tokens", type=int, default=256)
def complete(prompt, backend, model, base_url, config_path, schema, max_tokens):
    """One schema-guided completion of PROMPT (a quick check that the model works)."""
    from gba.client.base import Message
    from gba.config import make_client
    from gba.planner.schema import plan_model

    cfg = agent_config(config_path, backend, model, base_url)
    model_cls = plan_model(("search_wikipedia", "calculate_number", "ask_user",
                            "final_answer")) if schema == "plan" else None
    try:
        client = make_client(cfg.planner)
        messages = [Message(role="user", content=prompt)]
        out = client.complete(messages, model_cls, max_tokens=max_tokens)
    except GBAError as exc:
        fail(exc)
    click.echo(out.text)
    if out.parsed is not None:
        click.secho(f"validated as {model_cls.__name__}: ok", fg="green", err=True)
    rate = out.usage.completion_tokens / out.timings.generation_s if out.timings.generation_s else 0
    click.secho(f"{out.usage.prompt_tokens} prompt + {out.usage.completion_tokens} generated "
                f"tokens in {out.timings.total_s:.2f}s ({rate:.0f} tok/s) with {client.name}",
                dim=True, err=True)


COMMANDS = [complete]
