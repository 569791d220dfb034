"""`gba evaluate`: run planners on request sets and print the comparison tables.

    gba evaluate run --planner fine-tuned --set real --out runs/eval
    gba evaluate run --planner zero-shot --set runs/scripted/sim/test_entities.jsonl \\
        --environment scripted --world runs/scripted/sim/world.json --limit 40 --out runs/eval
    gba evaluate run --planner fine-tuned --model runs/train/tiny/gguf/model-q8_0.gguf \
        --name fine-tuned-q8 --set ... --repeats 3 --out runs/eval
    gba evaluate run --planner teacher --backend openai --model gpt-4o --set real-test
    gba evaluate run --planner fine-tuned --environment simulated \\
        --set runs/teacher/trajectories/test.jsonl
    gba evaluate roles --lora default --out data/results/roles_fine-tuned.json
    gba evaluate report runs/eval --out data/results

Leaves out the evaluation itself (gba.evaluation).
"""

from __future__ import annotations

from pathlib import Path

import click

from gba.cli.common import fail
from gba.config import BACKENDS
from gba.errors import GBAError, Interrupted
from gba.evaluation.runner import ENVIRONMENTS, PLANNERS


@click.group()
def evaluate() -> None:
    """Evaluate planners (correctness vs ground truth, paired statistics)."""


@evaluate.command("run")
@click.option("--planner", type=click.Choice(PLANNERS),
              required=True, help="teacher: the zero-shot planner with the teacher's richer "
              "prompt, for a strong model (--backend)")
@click.option("--set", "set_name", default="real", show_default=True,
              help="'real' (data/requests/real.jsonl), 'real-test' (real_test.jsonl) or a "
              "JSONL of requests/trajectories")
@click.option("--environment", type=click.Choice(ENVIRONMENTS),
              default=None, help="default: real for the real set, scripted otherwise; "
              "simulated: the model plays the tools and the user (the teacher simulation)")
@click.option("--world", type=click.Path(exists=True, dir_okay=False), default=None,
              help="world.json of scripted requests (default: next to the set file)")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="first N requests only")
@click.option("--max-steps", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--lora", default=None, help="adapter for the fine-tuned planner")
@click.option("--tools-lora", default=None,
              help="another adapter for the tool roles (default: the planner's model and adapter)")
@click.option("--model", default=None,
              help="a GGUF to run instead of the embedded model (e.g. a merged, quantized "
              "fine-tune: then no adapter is applied); with --backend openai, a model name")
@click.option("--backend", type=click.Choice(BACKENDS),
              default="local", show_default=True,
              help="where the model runs: in process, llama.cpp's server, or any "
              "OpenAI-compatible API (OPENAI_API_KEY)")
@click.option("--base-url", default=None, help="server URL (llama-server / openai)")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="requests run concurrently (scripted / simulated environments; worth it "
              "with a server backend)")
@click.option("--repeats", type=click.IntRange(min=1), default=1, show_default=True,
              help="runs per request (seeds 0..N-1)")
@click.option("--name", default=None,
              help="label in the tables and file name (default: the planner); no underscores")
@click.option("--no-number-pattern", is_flag=True,
              help="real environment: decode calculations without the given-numbers pattern")
@click.option("--no-cover-numbers", is_flag=True,
              help="real environment: keep the calculation role's first code even when it "
              "leaves out a number the user gave (no second tries)")
@click.option("--solved-examples/--fixed-examples", default=True, show_default=True,
              help="real environment: show the calculation role the nearest solved tasks "
              "(gba.tools.examples) or its two fixed examples")
@click.option("--out", default="runs/eval", show_default=True, type=click.Path(file_okay=False))
def run_cmd(planner, set_name, environment, world, limit, max_steps, lora, tools_lora, model,
            backend, base_url, workers, repeats, name, no_number_pattern, no_cover_numbers,
            solved_examples, out):
    """Run PLANNER on a request set; appends to OUT/<set>_<name>.jsonl (resumes)."""
    from gba.evaluation.runner import evaluate as run_eval
    from gba.trajectory import REAL_SETS, request_set

    real = set_name in REAL_SETS
    environment = environment or ("real" if real else "scripted")
    if planner == "oracle" and environment != "scripted":
        fail(GBAError("the oracle planner plans from the scripted world's ground truth: use "
                      "it with --environment scripted (and a scripted request set)"))
    if environment == "scripted" and world is None:
        world = str(Path(set_name).with_name("world.json"))
        if not Path(world).is_file():
            fail(GBAError(f"no world.json next to {set_name}: the scripted environment needs "
                          "the world the requests were made in (--world PATH)"))
    if name and "_" in name:
        raise click.BadParameter("labels may not contain '_' (it separates set and planner)")
    label = name or planner
    path = Path(out) / f"{set_name if real else Path(set_name).stem}_{label}.jsonl"
    try:
        requests = request_set(set_name, limit)
    except FileNotFoundError as exc:
        fail(GBAError(f"{exc}: give {', '.join(map(repr, REAL_SETS))} or the path "
                      "of a JSONL of requests"))
    except ValueError as exc:  # a line that is not JSON or not a request
        fail(GBAError(f"{set_name} is not a JSONL of requests ({' '.join(str(exc).split())})"))
    client = tools_client = None
    try:
        if tools_lora:
            from gba.evaluation.runner import local_client

            tools_client = local_client("fine-tuned", model, tools_lora)
        if backend != "local":
            from gba.config import ClientConfig, make_client

            client = make_client(ClientConfig(backend=backend, model=model, base_url=base_url))
        report = run_eval(planner, requests, path, environment=environment, lora=lora,
                          model=model, world=world, max_steps=max_steps, repeats=repeats,
                          label=label, client=client, workers=workers,
                          tools_client=tools_client, number_pattern=not no_number_pattern,
                          solved_examples=solved_examples,
                          cover_numbers=not no_cover_numbers)
    except (GBAError, ValueError) as exc:  # the runner's argument checks raise ValueError
        fail(exc)
    except KeyboardInterrupt:  # while the model loaded: nothing ran yet
        fail(Interrupted("interrupted before any request ran; nothing was recorded"))
    click.echo(f"{path}: {report.completed} completed, {report.step_limit} at the step limit, "
               f"{report.errors} errors, {report.skipped} already done")


@evaluate.command("report")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--out", default=None, help="also write CSVs and tables.md here")
def report_cmd(folder, out):
    """Print correctness tables and paired tests for the files in FOLDER."""
    from gba.evaluation.report import report

    click.echo(report(folder, out))


@evaluate.command("roles")
@click.option("--lora", default=None,
              help="'default' (the committed adapter), a GGUF adapter, or none (base model)")
@click.option("--model", default=None, help="a GGUF instead of the embedded model")
@click.option("--examples", default=None, type=click.Path(exists=True, dir_okay=False),
              help="a packaged test split (e.g. runs/scripted/dataset/test_entities.jsonl) "
              "for calculate_number accuracy and the planner's first-step routing")
@click.option("-n", "n", type=int, default=60, show_default=True)
@click.option("--out", default=None, type=click.Path(dir_okay=False), help="write JSON here")
def roles_cmd(lora, model, examples, n, out):
    """Tool roles on their own: function-argument accuracy on held-out function specs and
    (with --examples) calculate_number accuracy and the planner's first-step routing."""
    import json

    from gba.client.local import LocalClient
    from gba.evaluation.roles import argument_accuracy, calculation_accuracy, routing_accuracy
    from gba.models import default_adapter

    adapter = default_adapter() if lora == "default" else lora
    client = LocalClient(model, lora_path=adapter)
    result = {"model": str(model or "embedded"), "lora": str(adapter or ""),
              "function_arguments": argument_accuracy(client, n)}
    if examples:
        result["calculate_number"] = calculation_accuracy(client, examples, n)
        result["first_step_routing"] = routing_accuracy(client, examples, max(1, n // 2))
    for role in ("function_arguments", "calculate_number", "first_step_routing"):
        if role in result:
            r = result[role]
            scores = {k: round(v, 3) for k, v in r.items() if k in ("required_ok", "exact",
                                                                       "correct")}
            by_tool = f" by tool {r['by_tool']}" if "by_tool" in r else ""
            click.echo(f"{role}: n={r['n']} {scores}{by_tool} errors={r['errors']}")
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(json.dumps(result, indent=1, default=str))


COMMANDS = [evaluate]
