"""Training sequences from packaged examples: read the JSONL splits, tokenize, mask the prompt.

The training text is the role's inference prompt (chat template already applied by the
simulation), then the target, then the end-of-turn token. Prompt and target are tokenized
separately and joined, so the prompt's ids are exactly the ids the model sees at inference
and the boundary never merges across the two. Labels are -100 on prompt tokens when
`completion_only` (prompt masking) and equal to the ids otherwise. Packing and length grouping
are left to the trainer (trl).

>>> ex = Example(id="r:planner:0", request_id="r", split="train", role="planner",
...              prompt="P", completion="C")
>>> class Tok:  # one id per character
...     def __call__(self, text, add_special_tokens=False):
...         return {"input_ids": [ord(c) for c in text]}
>>> encode_example(Tok(), ex, end_of_turn="!", completion_only=True)["labels"]
[-100, 67, 33]
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gba.planner.fine_tuned import END_OF_TURN
from gba.simulation.records import Example
from gba.training.config import TrainingConfigError

IGNORE = -100


def read_examples(path: Path, roles: Iterable[str] = (), limit: int | None = None,
                  seed: int = 0) -> list[Example]:
    """Examples of the given roles (all when empty) from one JSONL split file; with `limit`, a
    seeded random sample of that many (the file is ordered by request template)."""
    wanted = set(roles)
    examples: list[Example] = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                example = Example.model_validate_json(line)
            except ValueError as exc:
                raise TrainingConfigError(
                    f"{path}:{number} is not a gba.simulation.records.Example: {exc}") from None
            if not wanted or example.role in wanted:
                examples.append(example)
    if not examples:
        raise TrainingConfigError(
            f"{path} holds no examples for roles {sorted(wanted) or 'any'}; check `roles:`")
    if limit and limit < len(examples):
        examples = random.Random(seed).sample(examples, limit)
    return examples


def encode_example(tokenizer: Any, example: Example, *, end_of_turn: str = END_OF_TURN,
                   completion_only: bool = True, max_length: int | None = None) -> dict:
    """input_ids and labels for one example (truncated from the end to `max_length`)."""
    prompt_ids = tokenizer(example.prompt, add_special_tokens=False)["input_ids"]
    target_ids = tokenizer(example.completion + end_of_turn, add_special_tokens=False)["input_ids"]
    input_ids = list(prompt_ids) + list(target_ids)
    labels = ([IGNORE] * len(prompt_ids) if completion_only else list(prompt_ids)) + list(target_ids)
    if max_length is not None:
        input_ids, labels = input_ids[:max_length], labels[:max_length]
    return {"input_ids": input_ids, "labels": labels}


def build_dataset(tokenizer: Any, examples: list[Example], *, completion_only: bool,
                  max_length: int) -> Any:
    """A `datasets.Dataset` of input_ids/labels; examples whose target would be cut off by
    `max_length` are dropped (a truncated target teaches the model to stop mid-JSON)."""
    from datasets import Dataset

    rows = []
    for example in examples:
        row = encode_example(tokenizer, example, completion_only=completion_only)
        if len(row["input_ids"]) <= max_length:
            rows.append(row)
    if not rows:
        raise TrainingConfigError(
            f"every example is longer than max_length={max_length} tokens; raise max_length")
    return Dataset.from_list(rows)


def dataset_tokens(dataset: Any) -> int:
    """Total tokens in a tokenized dataset (one pass of it)."""
    return sum(len(ids) for ids in dataset["input_ids"])
