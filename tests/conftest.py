"""Shared fixtures. Unit tests use FakeClient; integration tests (marked `integration`) use the
real embedded model, loaded once per session."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


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

    client = LocalClient(model_path, n_ctx=4096, seed=0)
    yield client
    client.close()
