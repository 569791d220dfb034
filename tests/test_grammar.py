"""Grammar tests: the GBNF made for a model accepts valid JSON and rejects invalid JSON.

The GBNF text is checked for real by loading it into llguidance (through its GBNF-to-Lark
converter) with a byte-level tokenizer and feeding strings byte by byte."""

from __future__ import annotations

import json
from typing import Literal

import pytest
from pydantic import BaseModel, Field

from gba.errors import InvalidOutputError
from gba.grammar import gbnf_for, json_schema_for, llguidance_grammar_for, parse_output

pytest.importorskip("llama_cpp")
llguidance = pytest.importorskip("llguidance")


class Source(BaseModel):
    title: str
    year: int | None = None


class Step(BaseModel):
    summary: str
    tool: Literal["search", "calculate", "final_answer"]
    priority: int = Field(ge=0)
    sources: list[Source]
    note: str | None = None


class ByteTokenizer:
    """256 single-byte tokens plus an EOS token."""

    eos_token_id = 256
    bos_token_id = None
    tokens = [bytes([i]) for i in range(256)] + [b"\xff<eos>"]

    def __call__(self, data: bytes) -> list[int]:
        return list(data)


@pytest.fixture(scope="module")
def byte_tokenizer():
    return llguidance.LLTokenizer(llguidance.TokenizerWrapper(ByteTokenizer()))


def accepts(grammar: str, text: str, tokenizer) -> bool:
    matcher = llguidance.LLMatcher(tokenizer, grammar)
    assert not matcher.is_error(), matcher.get_error()
    for byte in text.encode():
        if not matcher.consume_token(byte):
            return False
    return matcher.is_accepting()


def gbnf_grammar(model) -> str:
    from llguidance.gbnf_to_lark import gbnf_to_lark

    return llguidance.LLMatcher.grammar_from_lark(gbnf_to_lark(gbnf_for(model)))


VALID = [
    {"summary": "s", "tool": "search", "priority": 1, "sources": []},
    {"summary": "two words", "tool": "final_answer", "priority": 0,
     "sources": [{"title": "A", "year": 1999}, {"title": "B"}], "note": "n"},
    {"summary": "quote \" and \\n escape", "tool": "calculate", "priority": 3,
     "sources": [{"title": "x", "year": None}], "note": None},
]

INVALID = [
    '{"summary": "s", "tool": "browse", "priority": 1, "sources": []}',  # not in enum
    '{"tool": "search", "summary": "s", "priority": 1, "sources": []}',  # wrong order
    '{"summary": "s", "tool": "search", "sources": []}',  # missing required
    '{"summary": "s", "tool": "search", "priority": "1", "sources": []}',  # wrong type
    '{"summary": "s", "tool": "search", "priority": 1, "sources": [{"year": 1}]}',  # nested required
    '{"summary": "s", "tool": "search", "priority": 1, "sources": [], "extra": 1}',  # extra key
    '{"summary": "raw\ncontrol", "tool": "search", "priority": 1, "sources": []}',  # control char
    '{"summary": "s", "tool": "search", "priority": 1, "sources": []',  # unterminated
]


@pytest.mark.parametrize("obj", VALID)
def test_gbnf_accepts_valid(obj, byte_tokenizer):
    text = json.dumps(obj)
    assert accepts(gbnf_grammar(Step), text, byte_tokenizer)
    assert parse_output(Step, text).summary == obj["summary"]


@pytest.mark.parametrize("text", INVALID)
def test_gbnf_rejects_invalid(text, byte_tokenizer):
    assert not accepts(gbnf_grammar(Step), text, byte_tokenizer)


@pytest.mark.parametrize("text", INVALID)
def test_llguidance_grammar_rejects_invalid(text, byte_tokenizer):
    assert not accepts(llguidance_grammar_for(Step), text, byte_tokenizer)


def test_llguidance_grammar_accepts_compact_json(byte_tokenizer):
    for obj in VALID:
        text = json.dumps(obj, separators=(", ", ": "))
        assert accepts(llguidance_grammar_for(Step), text, byte_tokenizer), text


def test_schema_keeps_declared_order_and_refs():
    schema = json_schema_for(Step)
    assert list(schema["properties"]) == ["summary", "tool", "priority", "sources", "note"]
    assert "$defs" in schema and "Source" in schema["$defs"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["tool"]["enum"] == ["search", "calculate", "final_answer"]


def test_plan_grammar_enforces_the_tool_enum_and_the_caps(byte_tokenizer):
    from gba.planner.schema import MAX_CHARS, plan_model

    grammar = llguidance_grammar_for(plan_model(("search_wikipedia", "final_answer")))

    def plan(**fields):
        base = {"context_information_summary": "", "thoughts": "", "task": "Find it.",
                "selected_tool": "search_wikipedia"}
        return json.dumps({**base, **fields})

    assert accepts(grammar, plan(), byte_tokenizer)
    assert accepts(grammar, plan(task="t" * MAX_CHARS["task"]), byte_tokenizer)
    assert not accepts(grammar, plan(task="t" * (MAX_CHARS["task"] + 1)), byte_tokenizer)
    assert not accepts(grammar, plan(selected_tool="calculate_number"), byte_tokenizer)
    reordered = json.dumps({"task": "Find it.", "selected_tool": "final_answer",
                            "context_information_summary": "", "thoughts": ""})
    assert not accepts(grammar, reordered, byte_tokenizer)  # the field order is part of it


def test_parse_output_errors_hold_raw_text():
    with pytest.raises(InvalidOutputError) as err:
        parse_output(Step, "not json")
    assert err.value.raw == "not json"
    with pytest.raises(InvalidOutputError, match="priority"):
        parse_output(Step, '{"summary": "s", "tool": "search", "priority": -1, "sources": []}')


def test_gbnf_strings_exclude_control_characters_and_load_in_llama_cpp():
    from llama_cpp import LlamaGrammar

    grammar = gbnf_for(Step)
    assert "\\x00-\\x1F" in grammar  # the converter's loose char rule was replaced
    LlamaGrammar.from_string(grammar, verbose=False)  # llama.cpp's own parser accepts it
