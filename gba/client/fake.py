"""A scripted fake model: a queue of canned outputs, for testing loops without an LLM.

Leaves out tokenization: token counts are estimates.

>>> from pydantic import BaseModel
>>> class Plan(BaseModel):
...     task: str
>>> fake = FakeClient([Plan(task="look it up"), "plain text"])
>>> fake.complete("plan?", Plan).parsed.task
'look it up'
>>> fake.complete("say something").text
'plain text'
>>> len(fake.calls)
2
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel

from gba.client.base import Completion, LLMClient, Prompt, Usage


@dataclass
class FakeCall:
    """One recorded call: what the code under test sent."""

    prompt: Prompt
    schema: type[BaseModel] | None
    max_tokens: int
    temperature: float
    seed: int | None = None


Output = str | dict | BaseModel | Exception | Callable[[Prompt], "Output"]


@dataclass
class FakeClient(LLMClient):
    """Returns queued outputs in order. An Exception in the queue is raised instead; a
    callable is called with the prompt. Raises AssertionError when the queue runs dry, so a
    test notices an unexpected extra call."""

    outputs: Iterable[Output] = ()
    name: str = "fake"
    n_ctx: int | None = None
    calls: list[FakeCall] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.queue: deque[Output] = deque(self.outputs)

    def push(self, *outputs: Output) -> None:
        """Append more canned outputs."""
        self.queue.extend(outputs)

    def _generate(self, prompt, schema, *, max_tokens, temperature, seed, stop) -> Completion:
        self.calls.append(FakeCall(prompt, schema, max_tokens, temperature, seed))
        if not self.queue:
            raise AssertionError(f"FakeClient ran out of outputs (call #{len(self.calls)})")
        out = self.queue.popleft()
        while callable(out) and not isinstance(out, type | BaseModel):
            out = out(prompt)
        if isinstance(out, Exception):
            raise out
        if isinstance(out, BaseModel):
            text = out.model_dump_json()
        elif isinstance(out, dict):
            text = json.dumps(out)
        else:
            text = str(out)
        return Completion(
            text=text,
            usage=Usage(prompt_tokens=self.count_tokens(prompt),
                        completion_tokens=max(1, len(text) // 4)),
            model=self.name,
        )
