"""The llguidance tokenizer built from token bytes cached on disk (gba.client.vocab_cache):
the same tokenizer as llguidance's own helper builds, stored once, never trusted when damaged
(integration: the embedded model's vocabulary)."""

from __future__ import annotations

import pytest

from gba.client.vocab_cache import cache_file, cached_tokens, lltokenizer, pack, read_tokens, unpack

pytestmark = pytest.mark.integration

TEXTS = ["What is 17 times 23, plus 4?", '{"code": "result = 2 ** 10"}',
         "<|im_start|>user\nHéllo – ünïcode ✓<|im_end|>", "  two  spaces\n\n\tand tabs"]


@pytest.fixture
def vocab(local_client, tmp_path, monkeypatch):
    monkeypatch.setenv("GBA_HOME", str(tmp_path / "home"))
    return local_client.decoder.vocab


def test_cached_tokens_are_llamas_and_stored_once(vocab, local_client):
    fresh = read_tokens(vocab)
    assert len(fresh) == 49152 and any(t.startswith(b"\xff<|im_start|>") for t in fresh)
    where = cache_file(local_client.model_path)
    assert not where.exists()
    assert cached_tokens(vocab, local_client.model_path) == fresh
    assert unpack(where.read_bytes()) == fresh
    stamp = where.stat().st_mtime_ns
    assert cached_tokens(vocab, local_client.model_path) == fresh
    assert where.stat().st_mtime_ns == stamp  # read, not written again


@pytest.mark.parametrize("damage", ["cut", "swapped", "short", "garbage"])
def test_a_damaged_or_wrong_cache_file_is_rebuilt(vocab, local_client, damage):
    fresh = read_tokens(vocab)
    where = cache_file(local_client.model_path)
    where.parent.mkdir(parents=True)
    if damage == "cut":
        where.write_bytes(pack(fresh)[:-3])
    elif damage == "swapped":  # well formed, but not this vocabulary
        where.write_bytes(pack([fresh[1], fresh[0], *fresh[2:]]))
    elif damage == "short":
        where.write_bytes(pack(fresh[:-1]))
    else:
        where.write_bytes(b"\x00" * 100)
    assert cached_tokens(vocab, local_client.model_path) == fresh
    assert unpack(where.read_bytes()) == fresh


def test_a_cache_folder_that_cannot_be_written_costs_only_time(vocab, local_client, tmp_path,
                                                               monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GBA_HOME", str(blocker))
    assert cached_tokens(vocab, local_client.model_path) == read_tokens(vocab)


def test_the_tokenizer_from_the_cache_is_llguidances_own(vocab, local_client):
    import warnings

    from llguidance.llamacpp import lltokenizer_from_vocab

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        theirs = lltokenizer_from_vocab(vocab)
    for ours in (lltokenizer(vocab, local_client.model_path),  # builds the cache
                 lltokenizer(vocab, local_client.model_path)):  # reads it
        assert ours.vocab_size == theirs.vocab_size and ours.eos_token == theirs.eos_token
        every = list(range(theirs.vocab_size))
        assert ours.decode_bytes(every) == theirs.decode_bytes(every)
        assert [ours.is_special_token(t) for t in every] == \
            [theirs.is_special_token(t) for t in every]
        for text in TEXTS:
            assert ours.tokenize_str(text) == theirs.tokenize_str(text)
