"""The `gba simulate` commands (mounted by gba.cli; `COMMANDS` lists them).

    gba simulate dataset --out runs/scripted          # scripted world -> packaged dataset
    gba simulate scripted --out runs/sim --train 4000 # just the trajectories (resumable)
    gba simulate package runs/sim --out runs/dataset  # just the packaging

>>> [c.name for c in COMMANDS]
['simulate']
"""

from __future__ import annotations

import sys

import click


def _sizes(train: int, validation: int, test_entities: int, test_templates: int) -> dict:
    return {"train": train, "validation": validation, "test_entities": test_entities,
            "test_templates": test_templates}


def _split_options(fn):
    options = [
        click.option("--train", default=4000, show_default=True, help="training requests"),
        click.option("--validation", default=200, show_default=True),
        click.option("--test-entities", default=200, show_default=True,
                     help="requests over held-out entities"),
        click.option("--test-templates", default=200, show_default=True,
                     help="requests from held-out templates"),
        click.option("--seed", default=0, show_default=True, help="world and request seed"),
        click.option("--failure-rate", default=0.15, show_default=True,
                     help="share of searches that fail (the oracle retries)"),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@click.group()
def simulate() -> None:
    """Generate trajectories and training datasets (offline scripted world)."""


@simulate.command()
@click.option("--out", required=True, type=click.Path(file_okay=False), help="output folder")
@_split_options
@click.option("--workers", default=1, show_default=True)
def scripted(out, train, validation, test_entities, test_templates, seed, failure_rate, workers):
    """Oracle trajectories in the scripted world, one JSONL per split (resumes)."""
    from gba.simulation.scripted import simulate_scripted

    paths = simulate_scripted(out, _sizes(train, validation, test_entities, test_templates),
                              seed=seed, failure_rate=failure_rate, workers=workers)
    for split, path in paths.items():
        click.echo(f"{split}: {path}")


@simulate.command()
@click.argument("sim_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--out", required=True, type=click.Path(file_okay=False))
@click.option("--function-examples", default=800, show_default=True,
              help="generated function-calling examples in train (a tenth in other splits)")
@click.option("--seed", default=0, show_default=True)
def package(sim_dir, out, function_examples, seed):
    """Package trajectories into per-role training examples (JSONL, HF datasets, card)."""
    from gba.simulation.package import package_dataset

    try:
        counts = package_dataset(sim_dir, out, seed=seed, function_examples=function_examples)
    except FileNotFoundError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(1)
    click.echo(" ".join(f"{k}={v}" for k, v in counts.items()) + f"  -> {out}")


@simulate.command()
@click.option("--out", required=True, type=click.Path(file_okay=False))
@_split_options
@click.option("--function-examples", default=800, show_default=True)
def dataset(out, train, validation, test_entities, test_templates, seed, failure_rate,
            function_examples):
    """Both steps: trajectories to OUT/sim, the packaged dataset to OUT/dataset."""
    from gba.simulation.scripted import build_dataset

    counts = build_dataset(out, _sizes(train, validation, test_entities, test_templates),
                           seed=seed, failure_rate=failure_rate,
                           function_examples=function_examples)
    click.echo(" ".join(f"{k}={v}" for k, v in counts.items()) + f"  -> {out}/dataset")


COMMANDS = [simulate]
