"""Chat-template rendering (unit) and LocalClient on the embedded model (integration)."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, Field

from gba.client.base import Message
from gba.client.chat_template import ChatTemplate, ChatTemplateError, render_chat
from gba.errors import ContextOverflowError, ModelNotFoundError

TINY = (
    "{{ bos_token }}{% for m in messages %}"
    "{% if m.role == 'system' and not loop.first %}{{ raise_exception('system must come first') }}{% endif %}"
    "<|{{ m.role }}|>\n{{ m.content }}{{ eos_token }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def test_template_renders_roles_tokens_and_generation_prompt():
    messages = [Message(role="system", content="Be brief."), {"role": "user", "content": "Hi"}]
    text = render_chat(TINY, messages, bos_token="<s>", eos_token="</s>")
    assert text == "<s><|system|>\nBe brief.</s>\n<|user|>\nHi</s>\n<|assistant|>\n"
    without = render_chat(
        TINY, messages, bos_token="<s>", eos_token="</s>", add_generation_prompt=False
    )
    assert not without.endswith("<|assistant|>\n")


def test_template_raise_exception_becomes_clear_error():
    messages = [Message(role="user", content="a"), Message(role="system", content="b")]
    with pytest.raises(ChatTemplateError, match="system must come first"):
        render_chat(TINY, messages)


def test_template_tojson_keeps_unicode_and_sandbox_blocks_attributes():
    template = ChatTemplate("{{ messages[0].content | tojson }}")
    assert template.render([Message(role="user", content="café")]) == '"café"'
    unsafe = ChatTemplate("{{ messages.__class__.__mro__ }}")
    with pytest.raises(ChatTemplateError, match="failed to render"):
        unsafe.render([Message(role="user", content="x")])


def test_missing_template_has_clear_error():
    with pytest.raises(ChatTemplateError, match="no chat template.*raw prompt"):
        ChatTemplate("", source="model x.gguf")


def test_missing_model_raises_model_not_found(tmp_path):
    from gba.client.local import LocalClient

    with pytest.raises(ModelNotFoundError):
        LocalClient(tmp_path / "absent.gguf")


# --- integration: the embedded model ----------------------------------------------------------


class Source(BaseModel):
    title: str = Field(max_length=60)
    relevance: Literal["high", "low"]


class Plan(BaseModel):
    context_information_summary: str = Field(max_length=200)
    tool: Literal["search_wikipedia", "calculate_number", "ask_user", "final_answer"]
    confidence: Literal[1, 2, 3, 4, 5] | None
    sources: list[Source] = Field(max_length=2)
    steps_left: int


class Reply(BaseModel):
    answer: str = Field(max_length=80)
    tool: Literal["search", "final_answer"]


@pytest.fixture
def client(local_client):
    """The session's embedded model (conftest), restored to the default engine afterwards."""
    yield local_client
    local_client.engine = "llguidance"


MESSAGES = [
    Message(role="system", content="You plan the next step of an agent. Answer in JSON."),
    Message(role="user", content="What is the population of Paris times two?"),
]


@pytest.mark.integration
@pytest.mark.parametrize("engine", ["llguidance", "gbnf"])
def test_nested_schema_validates_for_each_engine(client, engine):
    client.engine = engine
    completion = client.complete(MESSAGES, Plan, max_tokens=200)
    assert isinstance(completion.parsed, Plan)
    assert completion.attempts == 1
    assert completion.usage.prompt_tokens == client.count_tokens(MESSAGES)
    assert completion.usage.completion_tokens > 5
    assert completion.timings.total_s >= completion.timings.generation_s > 0


@pytest.mark.integration
def test_llguidance_fast_forwards_forced_tokens(client):
    client.complete(MESSAGES, Plan, max_tokens=200)
    generation = client.last_generation
    assert generation.forced_tokens > 0
    assert generation.forced_tokens < len(generation.tokens)


@pytest.mark.integration
def test_raw_prompt_is_used_as_is(client):
    raw = "<|im_start|>user\nSay the word yes.<|im_end|>\n<|im_start|>assistant\n"
    rendered = client.render([Message(role="user", content="Say the word yes.")])
    assert client.render(raw) == raw
    assert client.count_tokens(raw) <= client.count_tokens(rendered)
    completion = client.complete(raw, max_tokens=12, stop=["\n"])
    assert "\n" not in completion.text
    # "length" exactly when all 12 tokens were generated without reaching a stop
    stopped_early = completion.usage.completion_tokens < 12
    assert completion.finish_reason == ("stop" if stopped_early else "length")


@pytest.mark.integration
def test_messages_use_the_gguf_chat_template(client):
    text = client.render(MESSAGES)
    assert text.startswith("<|im_start|>system\nYou plan")
    assert text.endswith("<|im_start|>assistant\n")


@pytest.mark.integration
def test_prompt_longer_than_context_raises(client):
    with pytest.raises(ContextOverflowError) as info:
        client.complete("word " * (client.n_ctx + 100), max_tokens=16)
    assert info.value.n_ctx == client.n_ctx
    assert info.value.prompt_tokens > client.n_ctx
    assert "n_ctx" in str(info.value)


@pytest.mark.integration
def test_max_tokens_capped_to_room_left(client):
    prompt = "count: " + "one " * (client.n_ctx - 22)
    room = client.n_ctx - client.count_tokens(prompt)
    assert 0 < room < 64
    completion = client.complete(prompt, max_tokens=64)
    assert completion.usage.completion_tokens <= room


@pytest.mark.integration
def test_second_call_reuses_shared_prefix(client):
    # a warm-up in the same KV cache (the same schema) with another prompt
    client.complete([Message(role="user", content="Unrelated warm-up text about the sea.")],
                    Reply, max_tokens=60)
    first = client.complete(MESSAGES, Reply, max_tokens=60)
    assert first.usage.cached_tokens < 5
    follow_up = MESSAGES + [
        Message(role="assistant", content=first.text),
        Message(role="user", content="Now the next step."),
    ]
    second = client.complete(follow_up, Reply, max_tokens=60)
    assert second.usage.cached_tokens >= client.count_tokens(MESSAGES) - 1
    assert second.usage.cached_tokens < second.usage.prompt_tokens
    again = client.complete(follow_up, Reply, max_tokens=60)
    assert again.usage.cached_tokens == again.usage.prompt_tokens - 1
    assert again.text == second.text


@pytest.mark.integration
def test_seeded_sampling_is_reproducible(client):
    a = client.complete(MESSAGES, Reply, max_tokens=60, temperature=0.9, seed=7)
    b = client.complete(MESSAGES, Reply, max_tokens=60, temperature=0.9, seed=7)
    assert a.text == b.text
    assert isinstance(a.parsed, Reply)


@pytest.mark.integration
def test_each_schema_keeps_its_own_kv_cache(model_path):
    """Two roles alternating: with one cache each, the second call of a role reuses its whole
    prompt; with one shared cache, only the chat template's opening is reused. The outputs are
    the same either way."""
    from gba.client.local import LocalClient

    other = [Message(role="user", content="Name a tool for the request: Who wrote Hamlet?")]
    results = {}
    for slots in (1, 3):
        with LocalClient(model_path, n_ctx=512, kv_slots=slots) as client:
            calls = [client.complete(m, s, max_tokens=300)
                     for m, s in ((MESSAGES, Reply), (other, Plan), (MESSAGES, Reply))]
            results[slots] = (calls, client.kv_contexts)
    shared, per_role = results[1][0], results[3][0]
    assert results[1][1] == 1 and results[3][1] == 2
    assert per_role[2].usage.cached_tokens == per_role[2].usage.prompt_tokens - 1
    assert shared[2].usage.cached_tokens < 10
    assert [c.text for c in shared] == [c.text for c in per_role]


@pytest.mark.integration
def test_kv_slots_reuse_the_least_recently_used_cache(model_path):
    from gba.client.local import LocalClient

    class Other(BaseModel):
        word: str = Field(max_length=20)

    other = [Message(role="user", content="Say one word about the sea.")]
    colour = [Message(role="user", content="Give me a colour.")]
    with LocalClient(model_path, n_ctx=512, kv_slots=2) as client:
        client.complete(MESSAGES, Reply, max_tokens=300)
        client.complete(other, Plan, max_tokens=120)
        client.complete(colour, Other, max_tokens=20)  # takes Reply's cache (least recent)
        assert client.kv_contexts == 2
        again = client.complete(MESSAGES, Reply, max_tokens=300)  # takes Plan's
        plan = client.complete(other, Plan, max_tokens=120)  # takes Other's
        plan_again = client.complete(other, Plan, max_tokens=120)
    assert again.usage.cached_tokens < again.usage.prompt_tokens - 1
    assert plan.usage.cached_tokens < plan.usage.prompt_tokens - 1
    assert plan_again.usage.cached_tokens == plan_again.usage.prompt_tokens - 1


@pytest.mark.integration
def test_a_roles_fixed_prefix_is_kept_on_disk_for_the_next_process(model_path, tmp_path):
    """Three processes in turn (three clients): the first notes the role's prompt, the second
    evaluates and stores the prefix its prompt shares with that one, the third loads it, so
    its very first call reuses the instructions; every output is what no cache gives."""
    from gba.client.local import LocalClient

    rules = ("You answer with one short sentence. Never add anything else. Use plain words, "
             "no lists and no markdown. If you do not know, say so. ") * 2
    requests = ["Who wrote Hamlet?", "What is the capital of Peru?", "Name a red fruit."]
    prompts = [[Message(role="system", content=rules), Message(role="user", content=r)]
               for r in requests]
    plain = []
    with LocalClient(model_path, n_ctx=512, n_threads=1) as client:
        for p in prompts:
            plain.append(client.complete(p, Reply, max_tokens=80).text)
            client.close()
            client = LocalClient(model_path, n_ctx=512, n_threads=1)
    cached, stores = [], []
    for p in prompts:
        with LocalClient(model_path, n_ctx=512, n_threads=1, prefix_cache=tmp_path) as client:
            cached.append(client.complete(p, Reply, max_tokens=80))
            stores.append(client.prefix_store)
    assert not stores[0].saved and not stores[0].loaded and cached[0].usage.cached_tokens == 0
    assert stores[1].saved["Reply"] >= 40 and not stores[1].loaded
    assert stores[2].loaded["Reply"] == stores[1].saved["Reply"]
    assert cached[2].usage.cached_tokens == stores[2].loaded["Reply"]
    assert [c.text for c in cached] == plain
    assert len(list(tmp_path.rglob("*.kv"))) == 1


class Copy(BaseModel):
    sentence: str = Field(max_length=200)


COPY = [Message(role="system", content="Repeat the user's sentence exactly."),
        Message(role="user", content="The Eiffel Tower is 330 metres tall and stands in "
                                     "Paris, France, on the Champ de Mars.")]
NEAR_TIE = 0.5  # logits: batched and one-token evaluation differ by about 0.1 at most


@pytest.mark.integration
@pytest.mark.parametrize("schema", [None, Copy])
def test_prompt_lookup_drafts_keep_only_tokens_greedy_decoding_picks(client, schema):
    """Guesses are drafted and kept; teacher-forcing the output one token at a time, every
    token is the argmax there, or within a near-tie of it (a batch's logits differ from one
    token's in the last bits, which can flip a near-tie; benchmarks/lookup_decoding.py counts
    how often that changes a call in real runs). Decoding takes fewer forward passes."""
    import numpy as np

    decoder = client.decoder
    prompt = client.tokenize(client.render(COPY))
    passes = {}
    try:
        for draft in (False, True):
            calls = []
            evaluate, rows = decoder._eval, decoder._eval_rows
            decoder._eval = lambda tokens, f=evaluate, c=calls: c.append(1) or f(tokens)
            decoder._eval_rows = lambda feed, guess, f=rows, c=calls: c.append(1) or f(feed,
                                                                                      guess)
            generation = decoder.run(prompt, schema=schema, max_tokens=24, draft=draft)
            del decoder._eval, decoder._eval_rows
            passes[draft] = len(calls)
        assert generation.extra["accepted"] > 0
        assert "Eiffel Tower is 330" in generation.text
        decoder.state = decoder.llama
        decoder.reuse_prefix([])
        decoder._eval(prompt)
        matcher = decoder.matcher(schema) if schema is not None else None
        for token in generation.tokens:
            logits = decoder._logits().copy()
            if matcher is not None:
                if matcher.compute_ff_tokens():  # forced by the grammar: no choice made here
                    matcher.consume_token(token)
                    decoder._eval([token])
                    continue
                logits = decoder._masked(matcher, logits)
                matcher.consume_token(token)
            best = int(np.argmax(logits))
            assert token == best or logits[best] - logits[token] < NEAR_TIE
            decoder._eval([token])
    finally:
        decoder.__dict__.pop("_eval", None)
        decoder.__dict__.pop("_eval_rows", None)
    assert passes[True] < passes[False]
