"""The embedder's runtimes: the GGUF conversion in llama.cpp against sentence-transformers
(integration), and the errors when the conversion is missing (unit)."""

from __future__ import annotations

import numpy as np
import pytest

from gba.errors import GBAError, ModelNotFoundError
from gba.retrieval.embedder import convert_embedder, gguf_embedder_path, load_embedder


def test_llama_runtime_without_conversion_says_how_to_make_it(tmp_path, monkeypatch):
    monkeypatch.setenv("GBA_HOME", str(tmp_path))
    assert gguf_embedder_path().parent == tmp_path / "embedders"
    with pytest.raises(ModelNotFoundError, match="setup.sh"):
        load_embedder.__wrapped__(runtime="llama.cpp")


def test_convert_needs_the_llama_cpp_sources(tmp_path, monkeypatch):
    monkeypatch.setenv("GBA_HOME", str(tmp_path))
    with pytest.raises(GBAError, match="convert_hf_to_gguf.py not found"):
        convert_embedder(tmp_path / "no-sources")


@pytest.mark.integration
def test_gguf_embedder_agrees_with_sentence_transformers(embedder):
    """The query-time runtime (llama.cpp, no torch) gives the vectors the index was built with."""
    if not gguf_embedder_path().is_file():
        pytest.skip("the embedder is not converted to GGUF; run scripts/setup.sh")
    from gba.retrieval.corpus import offline_corpus

    gguf = load_embedder(runtime="llama.cpp")
    articles = [a for _, a in zip(range(64), offline_corpus(), strict=False)]
    texts = [f"{a.title}. {a.text[:300]}" for a in articles] + ["When was Einstein born?"]
    texts += [" ".join(a.text for a in articles[:8])]  # longer than the 256 tokens either keeps
    if embedder.__class__.__name__ == "LlamaEmbedder":
        embedder = load_embedder(runtime="sentence-transformers")
    a, b = gguf.encode(texts), embedder.encode(texts)
    assert a.shape == b.shape == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    cosines = (a * b).sum(axis=1)
    assert cosines.min() >= 0.99, cosines.min()
    # batching does not change a vector
    np.testing.assert_allclose(gguf.encode(texts[:1])[0], a[0], atol=1e-3)
