from __future__ import annotations

import pytest

from gba.client import FakeClient, Usage
from gba.tools.ask_user import AskUser, ScriptedAnswers
from gba.tools.final_answer import FinalAnswer
from gba.tools.summarize import Summarizer
from gba.trajectory import PlanRecord, Step


def test_scripted_answers_list_dict_and_default():
    assert AskUser(ScriptedAnswers(["a", "b"]))("r", "q1", []).text == "a"
    by_key = ScriptedAnswers({"city": "Oslo", "budget": "100"}, default="no idea")
    assert by_key("Which CITY?") == "Oslo" and by_key("What budget?") == "100"
    assert by_key("Favourite colour?") == "no idea"
    with pytest.raises(RuntimeError, match="no scripted answer"):
        ScriptedAnswers([])("q")


def test_empty_user_answer_is_stated():
    assert AskUser(lambda q: "  ")("r", "q", []).text == "(the user gave no answer)"


def test_final_answer_uses_steps_and_sources():
    fake = FakeClient([{"answer": "  Oslo has 709,000 people. "}])
    step = Step(index=0, plan=PlanRecord(task="population of Oslo", selected_tool="s"),
                tool="s", observation="709,000", sources=["Oslo"])
    out = FinalAnswer(fake)("How big is Oslo?", "Answer it", [step])
    assert out.is_final and out.text == "Oslo has 709,000 people."
    assert out.sources == ["Oslo"]
    prompt = fake.calls[0].prompt[0].content
    assert "709,000" in prompt and "How big is Oslo?" in prompt


def test_summarizer_passes_short_text_and_condenses_long():
    fake = FakeClient([{"summary": "short"}])
    s = Summarizer(fake, max_chars=50)
    assert s.summarize("tiny", "x") == ("tiny", Usage())
    assert not fake.calls
    text, usage = s.summarize("word " * 100, "focus on words")
    assert text == "short" and usage.completion_tokens > 0
    assert "focus on words" in fake.calls[0].prompt[0].content
