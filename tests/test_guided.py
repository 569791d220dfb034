"""The constrained-decoding engine: sampling and stop-string helpers (unit) and the decoding
loop on the embedded model (integration)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pytest
from pydantic import BaseModel, Field

from gba.client.base import Message
from gba.client.guided import _Picker, _StopScanner
from gba.grammar import parse_output


def test_picker_greedy_takes_argmax():
    logits = np.array([0.1, 2.0, -1.0, 1.9], dtype=np.float32)
    assert _Picker(0.0, seed=0)(logits) == 1


def test_picker_sampling_is_seeded_and_follows_probabilities():
    logits = np.log(np.array([0.7, 0.3, 1e-9, 1e-9], dtype=np.float32))
    draws = [_Picker(1.0, seed=3)(logits) for _ in range(3)]
    assert len(set(draws)) == 1  # same seed, same first draw
    picker = _Picker(1.0, seed=11)
    counts = np.bincount([picker(logits) for _ in range(2000)], minlength=4)
    assert counts[2] == counts[3] == 0
    assert 0.63 < counts[0] / 2000 < 0.77


def test_picker_never_draws_masked_tokens():
    logits = np.array([5.0, -np.inf, 0.0, -np.inf], dtype=np.float32)
    picker = _Picker(2.0, seed=1)
    assert {picker(logits) for _ in range(200)} <= {0, 2}


def test_stop_scanner_finds_strings_across_token_boundaries():
    pieces = [b"Obs", b"erv", b"ation", b":", b" done"]
    scanner = _StopScanner(["Observation:"], pieces)
    assert not scanner.hit([0, 1])
    assert not scanner.hit([2])
    assert scanner.hit([3])
    assert scanner.cut(b"Thought. Observation: x") == b"Thought. "
    assert _StopScanner(["zz"], pieces).cut(b"abc") == b"abc"


# --- integration: the embedded model ----------------------------------------------------------


class Step(BaseModel):
    thought: str = Field(max_length=120)
    tool: Literal["search", "calculate", "ask_user", "final_answer"]
    query: str | None = Field(max_length=80)
    count: int = Field(ge=0, le=99)


class Choice(BaseModel):
    """No bounded integers: llama-cpp-python's GBNF converter ignores minimum/maximum."""

    thought: str = Field(max_length=120)
    tool: Literal["search", "calculate", "ask_user", "final_answer"]
    query: str | None = Field(max_length=80)
    count: Literal[1, 2, 3]


@pytest.fixture
def client(local_client):
    """The session's embedded model (conftest)."""
    return local_client


PROMPT = [Message(role="user", content="Plan the next step: find the height of Mont Blanc.")]


def reference_masked_greedy(client, tokens: list[int], schema, max_tokens: int) -> list[int]:
    """The slow reference: compute the full mask at every step, then take the argmax."""
    from llguidance.numpy import fill_next_token_bitmask

    decoder = client.decoder
    matcher = decoder.matcher(schema)
    bitmask = np.zeros_like(decoder._bitmask)
    client.llama.reset()
    client.llama.eval(tokens)
    out: list[int] = []
    while len(out) < max_tokens and not matcher.is_stopped():
        fill_next_token_bitmask(matcher, bitmask)
        allowed = np.unpackbits(bitmask.view(np.uint8), bitorder="little")[: decoder.n_vocab]
        logits = np.where(allowed.astype(bool), decoder._logits(), -np.inf)
        token = int(np.argmax(logits))
        assert matcher.consume_token(token)
        if client._lib.llama_vocab_is_eog(decoder.vocab, token):
            break
        out.append(token)
        client.llama.eval([token])
    return out


@pytest.mark.integration
def test_fast_path_equals_full_masking(client):
    """Checking the greedy token first, and masking only when it is rejected, must give
    exactly the tokens that full masking at every step gives."""
    tokens = client.tokenize(PROMPT)
    client.llama.reset()
    checked_first = client.decoder.run(tokens, schema=Step, max_tokens=150, fast_forward=False)
    reference = reference_masked_greedy(client, tokens, Step, 150)
    assert checked_first.tokens == reference
    assert checked_first.masks_computed < len(reference) / 2
    # Fast-forwarding evaluates forced tokens in batches (and may split them into other
    # tokens than greedy would), so compare the object it produces, not its tokens.
    fast = client.decoder.run(tokens, schema=Step, max_tokens=150)
    assert fast.forced_tokens > 0
    assert fast.finish_reason == "stop"
    assert isinstance(parse_output(Step, fast.text), Step)


@pytest.mark.integration
def test_prefix_reuse_keeps_the_common_part(client):
    decoder = client.decoder
    tokens = client.tokenize(PROMPT)
    decoder.run(tokens, max_tokens=3)
    longer = tokens + client.llama.tokenize(b" More words here.", add_bos=False)
    kept, suffix = decoder.reuse_prefix(longer)
    assert kept >= len(tokens)
    assert suffix == longer[kept:]
    kept, suffix = decoder.reuse_prefix(tokens)
    assert (kept, suffix) == (len(tokens) - 1, tokens[-1:])
    kept, _ = decoder.reuse_prefix([tokens[0] + 1, *tokens[1:]])
    assert kept == 0


@pytest.mark.integration
@pytest.mark.parametrize("engine", ["llguidance", "gbnf"])
def test_engines_emit_valid_json_under_sampling(client, engine):
    tokens = client.tokenize(PROMPT)
    for seed in (1, 2):
        generation = client.decoder.run(
            tokens, schema=Choice, engine=engine, max_tokens=150, temperature=1.0, seed=seed
        )
        assert generation.finish_reason == "stop"
        assert isinstance(parse_output(Choice, generation.text), Choice)


@pytest.mark.integration
def test_ignore_eos_generates_exact_count(client):
    generation = client.decoder.run(client.tokenize(PROMPT), max_tokens=40, ignore_eos=True)
    assert len(generation.tokens) == 40
    assert generation.finish_reason == "length"


@pytest.mark.integration
def test_stop_strings_end_generation(client):
    tokens = client.tokenize("Count: one, two, three, four, five,")
    generation = client.decoder.run(tokens, max_tokens=30, stop=[","])
    assert "," not in generation.text
    assert generation.finish_reason == "stop"


def test_version_check_names_the_pin_and_the_fix(monkeypatch):
    import importlib.metadata

    from gba.client.guided import llama_cpp_version_problem
    from gba.client.pins import LLAMA_CPP_PYTHON_VERSION

    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.0.1")
    problem = llama_cpp_version_problem()
    assert "0.0.1 is installed" in problem
    assert f"pip install 'llama-cpp-python=={LLAMA_CPP_PYTHON_VERSION}'" in problem
    monkeypatch.setattr(importlib.metadata, "version", lambda name: LLAMA_CPP_PYTHON_VERSION)
    assert llama_cpp_version_problem() is None


def test_pyproject_pins_the_same_llama_cpp_python():
    import tomllib
    from pathlib import Path

    from gba.client.pins import LLAMA_CPP_PYTHON_VERSION

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    local = pyproject["project"]["optional-dependencies"]["local"]
    assert f"llama-cpp-python[server]=={LLAMA_CPP_PYTHON_VERSION}" in local
