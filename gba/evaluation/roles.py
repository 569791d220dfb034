"""Accuracy of the tool roles on their own, outside the agent loop.

- `argument_accuracy`: the generic function-calling module on function specs held out of
  training (`gba.simulation.function_specs`): a call is correct when every required argument
  is present and equal to the expected value; `exact` also asks every given argument.
- `calculation_accuracy`: the calculate_number role on packaged test examples: the model's
  code runs in the sandbox and its result must match the reference code's result.
- `routing_accuracy`: the planner's first step alone (the request decides the tool there),
  the same number of examples for each tool the default agent has, scored by the tool chosen.

All take any `LLMClient`, so the same numbers come out for the base model (zero-shot), the
model with the adapter, or a served model. Left out: the search roles (their quality shows in
the agent-level lookups) and the planner's later steps (scored on whole trajectories).

>>> from gba.client.fake import FakeClient
>>> client = FakeClient([{"city": "Oslo"}])
>>> spec = {"name": "weather", "parameters": {"type": "object",
...         "properties": {"city": {"type": "string"}}, "required": ["city"]}}
>>> call_correct(spec, {"city": "Oslo"}, {"city": "Oslo"})
True
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from tqdm import tqdm

from gba.client.base import LLMClient
from gba.errors import GBAError
from gba.numbers import as_number
from gba.tools.function_call import FunctionSpec, fill_arguments


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, float) or isinstance(got, float):
        try:
            return abs(float(got) - float(want)) <= 1e-6 * max(1.0, abs(float(want)))
        except (TypeError, ValueError):
            return False
    if isinstance(want, list) and isinstance(got, list):
        return sorted(map(str, got)) == sorted(map(str, want))
    return got == want


def call_correct(spec: FunctionSpec | dict, got: dict, want: dict, *, exact: bool = False) -> bool:
    """Every required argument (every expected one when `exact`) is present and equal."""
    spec = FunctionSpec.from_dict(spec) if isinstance(spec, dict) else spec
    names = want if exact else [n for n in spec.parameters.get("required", []) if n in want]
    return all(n in got and _same(got[n], want[n]) for n in names)


def argument_accuracy(client: LLMClient, n: int = 60, *, seed: int = 0, held_out: bool = True,
                      progress: bool = True) -> dict:
    """Fill `n` generated calls (held-out function names by default) with `client`."""
    from gba.simulation.function_specs import make_call

    rng = random.Random(f"gba-role-eval-{seed}")
    rows = []
    for _ in tqdm(range(n), desc="function arguments", disable=not progress):
        spec, task, want = make_call(rng, held_out)
        try:
            parsed, _ = fill_arguments(client, task, spec)
            got = parsed.model_dump(exclude_none=True, mode="json")
            error = ""
        except GBAError as exc:
            got, error = {}, type(exc).__name__
        rows.append({"function": spec.name, "task": task, "expected": want, "got": got,
                     "required_ok": call_correct(spec, got, want),
                     "exact": call_correct(spec, got, want, exact=True), "error": error})
    return _summary(rows, ("required_ok", "exact"))


def calculation_accuracy(client: LLMClient, examples_file: str | Path, n: int = 60, *,
                         progress: bool = True) -> dict:
    """Run the calculate_number examples of a packaged split (e.g. `test_entities.jsonl`)."""
    from gba.tools.calculate import CalculationCode
    from gba.tools.sandbox import run_code

    examples = [e for e in _read_examples(examples_file) if e.role == "calculate_number"][:n]
    if not examples:
        raise ValueError(f"{examples_file} has no calculate_number examples")
    rows = []
    for ex in tqdm(examples, desc="calculations", disable=not progress):
        want = as_number(run_code(json.loads(ex.completion)["code"]).value)
        try:
            code = client.complete(ex.prompt, CalculationCode, max_tokens=200).parsed.code
            got = as_number(run_code(code).value)
            error = ""
        except GBAError as exc:
            code, got, error = "", None, type(exc).__name__
        ok = (got is not None and want is not None
              and abs(got - want) <= 1e-6 * max(1.0, abs(want)))
        rows.append({"id": ex.id, "code": code, "got": got, "expected": want, "correct": ok,
                     "error": error})
    return _summary(rows, ("correct",))


ROUTED = ("ask_user", "calculate_number", "search_wikipedia")  # first steps of the default tools
AGENT_TOOLS = ("ask_user", "calculate_number", "search_wikipedia", "final_answer")


def routing_accuracy(client: LLMClient, examples_file: str | Path, per_tool: int = 20, *,
                     progress: bool = True) -> dict:
    """The planner's first step on up to `per_tool` packaged first steps of each tool in
    `ROUTED` (in file order), choosing among the default agent's tools; per-tool accuracy
    in `by_tool`."""
    from gba.planner.schema import plan_model
    from gba.simulation.records import Example

    chosen: dict[str, list[Example]] = {tool: [] for tool in ROUTED}
    for ex in _read_examples(examples_file):
        if ex.role == "planner" and ex.step == 0:
            want = json.loads(ex.completion)["selected_tool"]
            if want in chosen and len(chosen[want]) < per_tool:
                chosen[want].append(ex)
    schema, rows = plan_model(AGENT_TOOLS), []
    for want, group in chosen.items():
        for ex in tqdm(group, desc=f"first steps: {want}", disable=not progress):
            try:
                got = client.complete(ex.prompt, schema, max_tokens=200).parsed.selected_tool
                error = ""
            except GBAError as exc:
                got, error = "", type(exc).__name__
            rows.append({"id": ex.id, "expected": want, "got": got, "correct": got == want,
                         "error": error})
    if not rows:
        raise ValueError(f"{examples_file} has no first planner steps")
    out = _summary(rows, ("correct",))
    out["by_tool"] = {tool: round(sum(r["correct"] for r in rows if r["expected"] == tool)
                                  / max(1, sum(r["expected"] == tool for r in rows)), 3)
                      for tool in ROUTED}
    return out


def _read_examples(path: str | Path) -> list:
    """The packaged examples of one split file."""
    from gba.simulation.records import Example

    return [Example.model_validate_json(line)
            for line in Path(path).read_text().splitlines() if line.strip()]


def _summary(rows: list[dict], keys: tuple[str, ...]) -> dict:
    from gba.evaluation.stats import bootstrap_ci

    out: dict[str, Any] = {"n": len(rows), "errors": sum(bool(r["error"]) for r in rows),
                           "rows": rows}
    for key in keys:
        values = [int(r[key]) for r in rows]
        out[key] = sum(values) / max(1, len(values))
        out[f"{key}_ci95"] = bootstrap_ci(values)
    return out
