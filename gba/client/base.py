"""The one protocol every LLM backend speaks: messages (or a raw prompt) in, a Completion out.

A backend implements `_generate`; the shared `complete` adds schema validation, retries
on invalid output (for backends without grammar enforcement) and uniform errors.

Leaves out every backend's transport (local.py, llama_server.py, openai_compat.py).

>>> from gba.client.fake import FakeClient
>>> client = FakeClient(['{"value": 1}'])
>>> client.complete([Message(role="user", content="one?")]).text
'{"value": 1}'
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from typing import Any, Literal

from pydantic import BaseModel, Field

from gba.errors import InvalidOutputError
from gba.grammar import parse_output


class Message(BaseModel):
    """One chat message."""

    role: Literal["system", "user", "assistant"]
    content: str


class Usage(BaseModel):
    """Token counts of one call. `cached_tokens` are prompt tokens reused from the KV cache."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
        )


class Timings(BaseModel):
    """Wall-clock seconds of one call: prompt processing, generation and in all."""

    prompt_s: float = 0.0
    generation_s: float = 0.0
    total_s: float = 0.0


class Completion(BaseModel):
    """What a backend returns: raw text, the validated object (when a schema was given),
    token usage and timings."""

    text: str
    parsed: Any = Field(default=None, exclude=True)
    usage: Usage = Field(default_factory=Usage)
    timings: Timings = Field(default_factory=Timings)
    finish_reason: str = "stop"
    attempts: int = 1
    model: str = ""


Prompt = str | list[Message]
"""A raw prompt string (sent byte for byte) or chat messages (formatted by the model's template)."""


def as_messages(prompt: Prompt | list[dict]) -> Prompt:
    """Accept dicts as well as Message objects; leave raw strings alone."""
    if isinstance(prompt, str):
        return prompt
    return [m if isinstance(m, Message) else Message(**m) for m in prompt]


class LLMClient(ABC):
    """Base of all backends.

    Subclasses implement `_generate`. `n_ctx` is the context window when known. Every
    backend's output is validated and retried the same way, whether or not the backend
    constrained decoding itself.
    """

    name: str = "llm"
    n_ctx: int | None = None

    def complete(
        self,
        prompt: Prompt | list[dict],
        schema: type[BaseModel] | None = None,
        *,
        max_tokens: int = 512,
        temperature: float = 0.0,
        seed: int | None = None,
        stop: list[str] | None = None,
        validation_retries: int = 2,
    ) -> Completion:
        """Generate a completion; with `schema`, `.parsed` holds a validated instance.

        Raises InvalidOutputError (with the raw text) when the output still does not
        validate after `validation_retries` further attempts.
        """
        prompt = as_messages(prompt)
        attempts = 1 + (validation_retries if schema is not None else 0)
        started = time.perf_counter()
        last_error: InvalidOutputError | None = None
        total = Usage()
        for attempt in range(1, attempts + 1):
            # A retry must not repeat the same greedy output: vary seed and temperature.
            retry = attempt > 1
            completion = self._generate(
                prompt, schema, max_tokens=max_tokens,
                temperature=max(temperature, 0.5) if retry else temperature,
                seed=(seed or 0) + attempt if retry else seed, stop=stop,
            )
            total = total + completion.usage
            completion.attempts = attempt
            if schema is None:
                return completion
            try:
                completion.parsed = parse_output(schema, completion.text)
            except InvalidOutputError as exc:
                if completion.finish_reason == "length":
                    exc = InvalidOutputError(
                        f"{exc} (generation stopped at max_tokens={max_tokens}; "
                        "raise max_tokens or shorten the schema)", raw=exc.raw)
                last_error = exc
                continue
            if attempt > 1:
                completion.usage = total
                completion.timings.total_s = time.perf_counter() - started
            return completion
        assert last_error is not None
        raise InvalidOutputError(
            f"{self.name}: {last_error} after {attempts} attempt(s)", raw=last_error.raw
        )

    @abstractmethod
    def _generate(
        self,
        prompt: Prompt,
        schema: type[BaseModel] | None,
        *,
        max_tokens: int,
        temperature: float,
        seed: int | None,
        stop: list[str] | None,
    ) -> Completion:
        """Run one generation. Constrain to `schema` if the backend can."""

    def count_tokens(self, prompt: Prompt) -> int:
        """Tokens `prompt` takes once formatted. Backends without a tokenizer estimate."""
        text = prompt if isinstance(prompt, str) else "\n".join(m.content for m in prompt)
        return max(1, len(text) // 4)

    def close(self) -> None:
        """Release resources (servers, model memory). Safe to call twice."""
        return None

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
