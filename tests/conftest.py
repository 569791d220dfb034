"""Shared fixtures. Unit tests use FakeClient; integration tests (marked `integration`) use the
real embedded model through `local_client`, the one fixture that loads it (once per session),
and the sentence embedder through `embedder`. Both skip cleanly when what they need is not
installed."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

LOCAL_N_CTX = 2048  # the shared local client's context window (the overflow tests use it)


@pytest.fixture(scope="session")
def model_path():
    """Path of the embedded GGUF (SmolLM2-135M-Instruct Q4_1)."""
    from gba.errors import ModelNotFoundError
    from gba.models import resolve_model

    try:
        return resolve_model()
    except ModelNotFoundError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def local_client(model_path):
    """One in-process llama.cpp client on the embedded model, shared by all tests."""
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    from gba.client.local import LocalClient

    client = LocalClient(model_path, n_ctx=LOCAL_N_CTX, seed=0)
    yield client
    client.close()


@pytest.fixture(scope="session")
def embedder():
    """The offline sentence embedder (all-MiniLM-L6-v2), loaded once per session."""
    pytest.importorskip("sentence_transformers", reason="needs the search extra")
    from gba.errors import ModelNotFoundError
    from gba.retrieval.embedder import load_embedder

    try:
        return load_embedder()
    except ModelNotFoundError as exc:
        pytest.skip(str(exc))


def pytest_configure(config):
    """Ctrl-C tests need SIGINT delivered: a shell that starts the suite in the background
    ignores it, and children would inherit that."""
    import signal

    signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture
def fake(monkeypatch):
    """The one scripted model every role of a `gba` command gets (no internet search)."""
    from gba.client.fake import FakeClient
    from gba.retrieval.web import SEARXNG_ENV

    client = FakeClient()
    monkeypatch.setattr("gba.config.make_client", lambda cfg: client)
    monkeypatch.delenv(SEARXNG_ENV, raising=False)
    return client


@pytest.fixture
def two_lives():
    """A search step that found two lives (Newton's and Einstein's), for the calculation's
    year checks."""
    from gba.trajectory import PlanRecord, Step

    return Step(index=0, plan=PlanRecord(task="Look up both.", selected_tool="search_wikipedia"),
                tool="search_wikipedia", sources=["Isaac Newton", "Albert Einstein"],
                observation="Isaac Newton lived from 1642 to 1727. Albert Einstein lived from "
                "1879 to 1955. (Sources: Isaac Newton; Albert Einstein)")
