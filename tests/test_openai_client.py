"""The OpenAI-compatible backend against a real server on loopback: llama-cpp-python's
OpenAI-compatible server with the embedded model."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Literal

import httpx
import pytest
from pydantic import BaseModel

from gba.client.base import Message
from gba.client.server_process import free_port
from gba.errors import ContextOverflowError, ServerUnreachableError

pytest.importorskip("openai")


class City(BaseModel):
    name: str
    country: str
    size: Literal["small", "medium", "large"]


@pytest.fixture(scope="module")
def openai_server(model_path):
    pytest.importorskip("llama_cpp.server", reason="needs llama-cpp-python[server]")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path), "--host",
         "127.0.0.1", "--port", str(port), "--n_ctx", "1024", "--n_threads", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
        if proc.poll() is not None:
            pytest.fail("llama_cpp.server exited during start-up")
    else:
        proc.kill()
        pytest.fail("llama_cpp.server did not start within 90 s")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.integration
def test_chat_with_schema_falls_back_to_json_object(openai_server):
    from gba.client.openai_compat import OpenAIClient

    client = OpenAIClient("smollm2", base_url=openai_server)
    out = client.complete([Message(role="user", content="Describe Paris as JSON.")], City,
                          max_tokens=80)
    assert isinstance(out.parsed, City)
    assert out.parsed.size in ("small", "medium", "large")
    assert client.schema_mode == "json_object"  # llama-cpp-python's server refused json_schema
    assert out.usage.prompt_tokens > 0 and out.usage.completion_tokens > 0


@pytest.mark.integration
def test_raw_prompt_with_grammar(openai_server):
    from gba.client.openai_compat import OpenAIClient

    client = OpenAIClient("smollm2", base_url=openai_server)
    prompt = "<|im_start|>user\nName a city in Italy.<|im_end|>\n<|im_start|>assistant\n"
    out = client.complete(prompt, City, max_tokens=80)
    assert isinstance(out.parsed, City)


@pytest.mark.integration
def test_context_overflow_is_a_clear_error(openai_server):
    from gba.client.openai_compat import OpenAIClient

    client = OpenAIClient("smollm2", base_url=openai_server)
    with pytest.raises(ContextOverflowError, match="context"):
        client.complete([Message(role="user", content="word " * 3000)], max_tokens=10)


def test_unreachable_server_names_url_and_how_to_start():
    from gba.client.openai_compat import OpenAIClient

    url = f"http://127.0.0.1:{free_port()}/v1"
    client = OpenAIClient("m", base_url=url, retries=0, timeout_s=2)
    with pytest.raises(ServerUnreachableError) as err:
        client.complete([Message(role="user", content="hi")])
    assert url in str(err.value) and "llama_cpp.server" in str(err.value)
