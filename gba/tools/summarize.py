"""Summarize long observations so they fit the planner's context and keep what matters.

Leaves out deciding when to summarize (gba.agent).

>>> from gba.client.fake import FakeClient
>>> s = Summarizer(FakeClient([{"summary": "Short."}]), max_chars=10)
>>> s.summarize("A very long observation text", focus="what is short?")[0]
'Short.'
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from gba.client.base import LLMClient, Message, Usage
from gba.text import clip

PROMPT = """Summarize the text below in at most {words} words. Keep every name, number and
fact that helps with: {focus}
Text:
{text}"""


class Summary(BaseModel):
    summary: str = Field(description="the condensed text", max_length=1200)


class Summarizer:
    """Condenses text longer than `max_chars` with the LLM; shorter text passes unchanged.
    Input beyond `max_input_chars` is cut before summarizing (the model's context is small)."""

    def __init__(self, client: LLMClient, *, max_chars: int = 1200, max_input_chars: int = 6000,
                 max_tokens: int = 256):
        self.client = client
        self.max_chars = max_chars
        self.max_input_chars = max_input_chars
        self.max_tokens = max_tokens

    def summarize(self, text: str, focus: str) -> tuple[str, Usage]:
        if len(text) <= self.max_chars:
            return text, Usage()
        prompt = PROMPT.format(words=max(20, self.max_chars // 8), focus=focus,
                               text=clip(text, self.max_input_chars))
        completion = self.client.complete([Message(role="user", content=prompt)], Summary,
                                          max_tokens=self.max_tokens)
        summary = clip(completion.parsed.summary.strip(), self.max_chars)
        return summary or clip(text, self.max_chars), completion.usage
