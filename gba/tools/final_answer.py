"""`final_answer`: write the reply to the user from the request and what the steps found.

Leaves out checking the answer (gba.evaluation scores it).

>>> from gba.client.fake import FakeClient
>>> tool = FinalAnswer(FakeClient([{"answer": "4"}]))
>>> tool("What is 2+2?", "Answer the user.", []).text
'4'
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from gba.client.base import LLMClient, Message
from gba.text import clip_tail
from gba.tools.base import Tool, ToolResult, format_steps
from gba.trajectory import Step

PROMPT = """Write the final answer to the user's request, using only the facts found below.
Request: {request}
Found so far:
{steps}
Instruction: {task}"""

STEP_OBSERVATION_CHARS = 600  # each earlier observation in the prompt


def final_answer_messages(request: str, task: str, previous_steps: list[Step],
                          max_context_chars: int = 3000) -> list[Message]:
    """The final_answer role's prompt (inference and training examples alike)."""
    context = clip_tail(format_steps(previous_steps, max_chars=STEP_OBSERVATION_CHARS),
                        max_context_chars)
    return [Message(role="user", content=PROMPT.format(request=request, steps=context,
                                                       task=task))]


class Answer(BaseModel):
    answer: str = Field(description="the reply to the user", max_length=1000)


class FinalAnswer(Tool):
    """Ends the run with an answer written from the gathered context."""

    name = "final_answer"
    description = ("Write the final answer to the user's request from what earlier steps "
                   "found. Use it once everything needed is known; it ends the work.")

    def __init__(self, client: LLMClient, *, max_tokens: int = 256, max_context_chars: int = 3000):
        self.client = client
        self.max_tokens = max_tokens
        self.max_context_chars = max_context_chars

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        messages = final_answer_messages(request, task, previous_steps, self.max_context_chars)
        completion = self.client.complete(messages, Answer, max_tokens=self.max_tokens)
        answer = completion.parsed.answer.strip()
        return ToolResult(text=answer, usage=completion.usage, is_final=True,
                          sources=[s for step in previous_steps for s in step.sources])
