from __future__ import annotations

import pytest
from pydantic import BaseModel

from gba.client import FakeClient, Message
from gba.client.base import Completion, LLMClient, Usage
from gba.errors import InvalidOutputError, ServerUnreachableError


class Answer(BaseModel):
    value: int


def test_fake_returns_queue_in_order_and_records_calls():
    fake = FakeClient(["a", {"value": 2}, Answer(value=3)])
    assert fake.complete("p1").text == "a"
    assert fake.complete("p2", Answer).parsed.value == 2
    assert fake.complete([{"role": "user", "content": "p3"}], Answer).parsed == Answer(value=3)
    assert [c.prompt for c in fake.calls][:2] == ["p1", "p2"]
    assert fake.calls[2].prompt == [Message(role="user", content="p3")]
    with pytest.raises(AssertionError, match="ran out"):
        fake.complete("extra")


def test_invalid_output_is_retried_then_succeeds():
    fake = FakeClient(["nope", '{"value": "x"}', '{"value": 7}'])
    out = fake.complete("q", Answer, validation_retries=2)
    assert out.parsed.value == 7
    assert out.attempts == 3
    assert fake.calls[1].temperature > 0  # a retry is not the same greedy call again


def test_invalid_output_error_holds_raw_text_after_retries():
    fake = FakeClient(["bad one", "bad two"])
    with pytest.raises(InvalidOutputError) as err:
        fake.complete("q", Answer, validation_retries=1)
    assert err.value.raw == "bad two"
    assert "2 attempt" in str(err.value)


def test_exceptions_in_queue_are_raised():
    fake = FakeClient([ServerUnreachableError("down")])
    with pytest.raises(ServerUnreachableError):
        fake.complete("q")


def test_truncated_output_mentions_max_tokens():
    class Truncating(LLMClient):
        def _generate(self, prompt, schema, *, max_tokens, temperature, seed, stop):
            return Completion(text='{"value": ', finish_reason="length", usage=Usage())

    with pytest.raises(InvalidOutputError, match="max_tokens"):
        Truncating().complete("q", Answer, max_tokens=3, validation_retries=0)


def test_usage_adds_up():
    total = Usage(prompt_tokens=1, completion_tokens=2, cached_tokens=3) + Usage(prompt_tokens=1)
    assert total == Usage(prompt_tokens=2, completion_tokens=2, cached_tokens=3)
