"""`gba` command line: run the agent, make one schema-guided completion, build indexes.

    gba run "What is the population of the capital of France times 2?"
    gba complete "Plan a trip to Rome" --schema plan
    gba index build
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gba.errors import GBAError


@click.group()
@click.version_option(package_name="gba")
def main() -> None:
    """gba: small planners for ReAct-style agents."""


def _client_options(fn):
    options = [
        click.option("--backend", type=click.Choice(["local", "llama-server", "openai"]),
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


def _load_config(config_path, backend, model, base_url, **overrides):
    from gba.config import AgentConfig

    cfg = AgentConfig.load(config_path) if config_path else AgentConfig()
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


def _fail(exc: Exception) -> None:
    click.secho(f"error: {exc}", fg="red", err=True)
    sys.exit(1)


@main.command()
@click.argument("request")
@_client_options
@click.option("--planner", "planner_kind", type=click.Choice(["zero-shot", "fine-tuned"]),
              default=None, help="planner type (default: fine-tuned with gba's adapter on the "
              "embedded model, zero-shot on any other model)")
@click.option("--lora", default=None, type=click.Path(dir_okay=False),
              help="GGUF LoRA adapter for the local model (default: gba's, when fine-tuned)")
@click.option("--max-steps", type=int, default=None, help="step limit (default 10)")
@click.option("--save", type=click.Path(dir_okay=False), default=None,
              help="save the trajectory (.json, or appended to a .jsonl)")
@click.option("--searxng-url", default=None, help="SearXNG URL; enables search_internet")
@click.option("--no-wikipedia", is_flag=True, help="leave out search_wikipedia")
@click.option("--answer", "answers", multiple=True,
              help="scripted answer for ask_user (repeatable); default: ask on the terminal")
def run(request, backend, model, base_url, config_path, planner_kind, lora, max_steps, save,
        searxng_url, no_wikipedia, answers):
    """Run the agent on REQUEST, printing each step as it happens."""
    from gba.config import ClientPool
    from gba.defaults import build_agent
    from gba.tools.ask_user import ScriptedAnswers, terminal_input

    cfg = _load_config(config_path, backend, model, base_url, max_steps=max_steps,
                       searxng_url=searxng_url)
    if planner_kind:
        cfg.planner.kind = planner_kind
    if lora:
        for role in (cfg.planner, cfg.tools):
            role.lora = lora
    if no_wikipedia:
        cfg.wikipedia = False
    input_fn = ScriptedAnswers(list(answers), default="I don't know.") if answers else terminal_input
    pool = ClientPool()
    try:
        click.secho("loading models...", dim=True, err=True)
        agent, notes = build_agent(cfg, input_fn=input_fn, pool=pool)
    except GBAError as exc:
        _fail(exc)
    for note in notes:
        click.secho(f"note: {note}", fg="yellow", err=True)
    click.secho(f"tools: {', '.join(agent.tools)}", dim=True, err=True)

    def show(step):
        click.secho(f"\nstep {step.index + 1} [{step.plan.selected_tool}] ", fg="cyan",
                    bold=True, nl=False)
        click.echo(step.plan.task)
        color = "red" if step.error else None
        click.secho(f"  -> {step.observation}", fg=color)
        click.secho(f"  ({step.planner_s:.1f}s planning, {step.tool_s:.1f}s tool)", dim=True)

    try:
        traj = agent.run(request, on_step=show)
    finally:
        pool.close()
    if traj.status == "completed":
        click.secho(f"\nanswer: {traj.final_answer}", fg="green", bold=True)
    elif traj.status == "step_limit":
        click.secho(f"\nstopped after {len(traj.steps)} steps without a final answer",
                    fg="yellow")
    else:
        click.secho(f"\nerror: {traj.error}", fg="red", err=True)
    if save:
        traj.save(save)
        click.secho(f"trajectory saved to {save}", dim=True, err=True)
    sys.exit(0 if traj.status != "error" else 1)


@main.command()
@click.argument("prompt")
@_client_options
@click.option("--schema", type=click.Choice(["plan", "none"]), default="plan",
              help="constrain the output to this schema (default: a planner step)")
@click.option("--max-tokens", type=int, default=256)
def complete(prompt, backend, model, base_url, config_path, schema, max_tokens):
    """One schema-guided completion of PROMPT (a quick check that the model works)."""
    from gba.client.base import Message
    from gba.config import make_client
    from gba.planner.schema import plan_model

    cfg = _load_config(config_path, backend, model, base_url)
    model_cls = plan_model(("search_wikipedia", "calculate_number", "ask_user",
                            "final_answer")) if schema == "plan" else None
    try:
        client = make_client(cfg.planner)
        messages = [Message(role="user", content=prompt)]
        out = client.complete(messages, model_cls, max_tokens=max_tokens)
    except GBAError as exc:
        _fail(exc)
    click.echo(out.text)
    if out.parsed is not None:
        click.secho(f"validated as {model_cls.__name__}: ok", fg="green", err=True)
    rate = out.usage.completion_tokens / out.timings.generation_s if out.timings.generation_s else 0
    click.secho(f"{out.usage.prompt_tokens} prompt + {out.usage.completion_tokens} generated "
                f"tokens in {out.timings.total_s:.2f}s ({rate:.0f} tok/s) with {client.name}",
                dim=True, err=True)


@main.command()
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


def _register_optional() -> None:
    """Command groups whose modules import optional extras lazily."""
    from gba.simulation.commands import COMMANDS as simulation
    from gba.training.commands import COMMANDS as training

    for command in (*simulation, *training):
        main.add_command(command)
    try:
        from gba.tools.search.cli import index
    except ImportError:
        return
    main.add_command(index)


_register_optional()


if __name__ == "__main__":
    main()
