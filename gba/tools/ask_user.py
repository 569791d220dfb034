"""`ask_user`: put a question to the user, with a pluggable way of getting the answer.

Answer sources: the terminal (`input`), scripted answers (tests, evaluation), or any callable
such as a notebook widget (see `gba.notebook.widget_input`).

Leaves out notebook widgets (gba.notebook).

>>> tool = AskUser(ScriptedAnswers(["Paris"]))
>>> tool("Plan my trip", "Ask which city the user wants to visit.", []).text
'Paris'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from gba.tools.base import Tool, ToolResult
from gba.trajectory import Step

InputFn = Callable[[str], str]


def terminal_input(question: str) -> str:
    """Ask on the terminal."""
    return input(f"\n[agent asks] {question}\n> ")


class ScriptedAnswers:
    """Answers from a list (in order) or a dict (first key found in the question, else
    `default`). Raises when a list runs out and no default is given."""

    def __init__(self, answers: Iterable[str] | dict[str, str], default: str | None = None):
        self.mapping = answers if isinstance(answers, dict) else None
        self.queue = [] if isinstance(answers, dict) else list(answers)
        self.default = default
        self.asked: list[str] = []

    def __call__(self, question: str) -> str:
        self.asked.append(question)
        if self.mapping is not None:
            for key, value in self.mapping.items():
                if key.lower() in question.lower():
                    return value
        elif self.queue:
            return self.queue.pop(0)
        if self.default is not None:
            return self.default
        raise RuntimeError(f"no scripted answer left for: {question}")


class AskUser(Tool):
    """Asks the user a question; the task is the question."""

    name = "ask_user"
    description = ("Ask the user a question when the request lacks information only the user "
                   "has (preferences, personal details, choices). The task is the question.")

    def __init__(self, input_fn: InputFn = terminal_input):
        self.input_fn = input_fn

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        answer = self.input_fn(task).strip()
        return ToolResult(text=answer or "(the user gave no answer)")
