"""`gba run`: run the agent on one request.

Leaves out trajectory display (show.py).

>>> run.name
'run'
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gba.cli.common import agent_config, client_options, fail
from gba.errors import GBAError, Interrupted
from gba.text import clip

SHOWN_CHARS = 300  # of each last observation, when the run hit the step limit


@click.command()
@click.argument("request")
@client_options
@click.option("--planner", "planner_kind", type=click.Choice(["zero-shot", "fine-tuned"]),
              default=None, help="planner type (default: fine-tuned with gba's adapter on the "
              "embedded model, zero-shot on any other model)")
@click.option("--lora", default=None, type=click.Path(dir_okay=False),
              help="GGUF LoRA adapter for the local model (default: gba's, when fine-tuned)")
@click.option("--max-steps", type=click.IntRange(min=1), default=None,
              help="step limit (default 10)")
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
    from gba.runfiles import check_writable
    from gba.tools.ask_user import ScriptedAnswers, terminal_input
    from gba.trajectory import Request, Trajectory, request_text

    try:  # what the user gave is checked before any model loads
        request = request_text(request)
        if save:
            check_writable(save)
    except GBAError as exc:
        fail(exc)
    cfg = agent_config(config_path, backend, model, base_url, max_steps=max_steps,
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
        pool.close()
        fail(exc)
    except KeyboardInterrupt:
        pool.close()
        fail(Interrupted("interrupted while loading the models; nothing was run"))
    for note in notes:
        click.secho(f"note: {note}", fg="yellow", err=True)
    click.secho(f"tools: {', '.join(agent.tools)}", dim=True, err=True)

    partial = Trajectory(request=Request(text=request), planner=agent.planner.name)
    # A .json file is rewritten after every step; a .jsonl file gets only the finished record,
    # the steps so far live in FILE.partial.json until then (an append-only file must not
    # collect one half-done copy per step).
    partial_path = (Path(f"{save}.partial.json") if save and save.endswith(".jsonl")
                    else Path(save) if save else None)

    def show(step):
        if partial_path:  # keep a partial record on disk after every step
            partial.steps.append(step)
            partial.save(partial_path)
        click.secho(f"\nstep {step.index + 1} [{step.plan.selected_tool}] ", fg="cyan",
                    bold=True, nl=False)
        click.echo(step.plan.task)
        if step.note:
            click.secho(f"  ({step.note})", fg="yellow")
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
        click.secho(f"\nstopped after {len(traj.steps)} steps without a final answer; "
                    "last observations:", fg="yellow")
        for step in traj.steps[-3:]:
            click.echo(f"  [{step.plan.selected_tool}] {clip(step.observation, SHOWN_CHARS)}")
    elif traj.status == "interrupted":
        click.secho(f"\ninterrupted after {len(traj.steps)} steps", fg="yellow", err=True)
    else:
        click.secho(f"\nerror: {traj.error}", fg="red", err=True)
    if save:
        try:
            traj.save(save)
        except OSError as exc:
            fail(OSError(f"cannot save the trajectory to {save}: {exc.strerror}"))
        if partial_path and partial_path != Path(save):
            partial_path.unlink(missing_ok=True)
        click.secho(f"trajectory saved to {save}", dim=True, err=True)
    sys.exit({"error": 1, "interrupted": 130}.get(traj.status, 0))


COMMANDS = [run]
