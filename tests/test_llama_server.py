"""LlamaServerClient: error paths against a scripted HTTP server on loopback, and the real
llama-server (built by scripts/build_llama_server.sh) with a schema."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

import pytest
from pydantic import BaseModel

from gba.client.base import Message
from gba.client.llama_server import LlamaServerClient
from gba.client.server_process import find_llama_server, free_port, start_llama_server
from gba.errors import (
    BackendError,
    ClientTimeoutError,
    ContextOverflowError,
    InvalidOutputError,
    ServerUnreachableError,
)

TEMPLATE = (
    "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}{{ eos_token }}{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
PROPS = {
    "chat_template": TEMPLATE,
    "bos_token": "<s>",
    "eos_token": "</s>",
    "model_path": "/models/tiny.gguf",
    "default_generation_settings": {"n_ctx": 256},
}


def completion_body(content: str, **extra) -> dict:
    return {
        "content": content,
        "stop_type": "eos",
        "tokens_evaluated": 12,
        "timings": {
            "cache_n": 4,
            "prompt_n": 8,
            "prompt_ms": 20.0,
            "predicted_n": 5,
            "predicted_ms": 50.0,
        },
        **extra,
    }


class ScriptedServer:
    """Answers each POST /completion with the next scripted (status, body) and records the
    request bodies; GET /props answers PROPS."""

    def __init__(self, answers: list[tuple[int, dict]]):
        self.answers = list(answers)
        self.requests: list[dict] = []
        script = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self._send(200, PROPS if self.path == "/props" else {"status": "ok"})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                script.requests.append({"path": self.path, **body})
                if self.path == "/tokenize":
                    self._send(200, {"tokens": list(range(len(body["content"].split())))})
                else:
                    self._send(*script.answers.pop(0))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted():
    servers: list[ScriptedServer] = []

    def make(answers):
        servers.append(ScriptedServer(answers))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


class Verdict(BaseModel):
    label: Literal["yes", "no"]
    score: int


def test_unreachable_server_names_url_and_how_to_start():
    url = f"http://127.0.0.1:{free_port()}"
    client = LlamaServerClient(url, retries=0)
    with pytest.raises(ServerUnreachableError) as info:
        client.complete("hello", max_tokens=4)
    assert url in str(info.value)
    assert "llama-server -m" in str(info.value)


def test_messages_rendered_with_server_template_and_schema_sent(scripted):
    server = scripted([(200, completion_body('{"label": "yes", "score": 3}'))])
    client = LlamaServerClient(server.url, retries=0)
    completion = client.complete([Message(role="user", content="ok?")], Verdict, max_tokens=20)
    assert completion.parsed == Verdict(label="yes", score=3)
    sent = server.requests[-1]
    assert sent["prompt"] == "<|user|>ok?</s><|assistant|>"
    assert sent["json_schema"]["properties"]["label"]["enum"] == ["yes", "no"]
    assert sent["n_predict"] == 20
    assert completion.usage.prompt_tokens == 12
    assert completion.usage.cached_tokens == 4
    assert completion.usage.completion_tokens == 5
    assert completion.timings.generation_s == pytest.approx(0.05)
    assert client.n_ctx == 256
    assert client.name == "llama-server:tiny.gguf"


def test_raw_prompt_sent_byte_for_byte(scripted):
    server = scripted([(200, completion_body("fine"))])
    client = LlamaServerClient(server.url, retries=0)
    raw = "<|user|>exact  spacing\n</s><|assistant|>"
    assert client.complete(raw, max_tokens=4, stop=["\n"]).text == "fine"
    assert server.requests[-1]["prompt"] == raw
    assert server.requests[-1]["stop"] == ["\n"]


def test_server_error_is_retried(scripted):
    server = scripted(
        [
            (500, {"error": {"message": "busy", "type": "server_error"}}),
            (200, completion_body("after retry")),
        ]
    )
    client = LlamaServerClient(server.url, retries=2)
    assert client.complete("hi", max_tokens=4).text == "after retry"
    assert len([r for r in server.requests if r["path"] == "/completion"]) == 2


def test_persistent_server_error_raises_backend_error(scripted):
    error = (500, {"error": {"message": "model crashed", "type": "server_error"}})
    server = scripted([error, error])
    client = LlamaServerClient(server.url, retries=1)
    with pytest.raises(BackendError, match="model crashed"):
        client.complete("hi", max_tokens=4)


def test_context_size_error_becomes_context_overflow(scripted):
    message = (
        "request (300 tokens) exceeds the available context size (256 tokens), try increasing it"
    )
    server = scripted(
        [(400, {"error": {"code": 400, "message": message, "type": "exceed_context_size_error"}})]
    )
    client = LlamaServerClient(server.url, retries=2)
    with pytest.raises(ContextOverflowError) as info:
        client.complete("long " * 300, max_tokens=4)
    assert (info.value.prompt_tokens, info.value.n_ctx) == (300, 256)
    assert "-c" in str(info.value)


def test_invalid_output_retried_then_error_holds_raw_text(scripted):
    server = scripted([(200, completion_body("not json at all"))] * 3)
    client = LlamaServerClient(server.url, retries=0)
    with pytest.raises(InvalidOutputError) as info:
        client.complete("hi", Verdict, max_tokens=8, validation_retries=2)
    assert info.value.raw == "not json at all"
    assert len(server.requests) == 3


def test_timeout_retries_then_client_timeout_error():
    # A socket that accepts connections but never answers.
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        client = LlamaServerClient(url, timeout_s=0.2, retries=1)
        with pytest.raises(ClientTimeoutError, match="2 attempt"):
            client.complete("hi", max_tokens=4)
    finally:
        listener.close()


def test_count_tokens_uses_server_tokenizer(scripted):
    server = scripted([])
    client = LlamaServerClient(server.url, retries=0)
    assert client.count_tokens("one two three") == 3
    assert server.requests[-1]["add_special"] is True


# --- the real llama-server ---------------------------------------------------------------------


class Plan(BaseModel):
    thought: str
    tool: Literal["search", "calculate", "final_answer"]
    confidence: int


@pytest.fixture(scope="module")
def llama_server_url():
    if find_llama_server() is None:
        pytest.skip("llama-server is not built; run scripts/build_llama_server.sh")
    from gba.models import resolve_model

    with start_llama_server(resolve_model(), n_ctx=1024, threads=2) as url:
        yield url


@pytest.mark.integration
def test_real_llama_server_with_schema(llama_server_url):
    client = LlamaServerClient(llama_server_url)
    messages = [
        Message(role="system", content="You plan the next step of an agent."),
        Message(role="user", content="What is 17 times 23? Pick a tool."),
    ]
    first = client.complete(messages, Plan, max_tokens=80)
    assert isinstance(first.parsed, Plan)
    assert first.usage.prompt_tokens == client.count_tokens(messages)
    assert client.n_ctx == 1024
    second = client.complete(
        messages
        + [
            Message(role="assistant", content=first.text),
            Message(role="user", content="Next step?"),
        ],
        Plan,
        max_tokens=80,
    )
    assert isinstance(second.parsed, Plan)
    assert second.usage.cached_tokens > 0


@pytest.mark.integration
def test_real_llama_server_context_overflow(llama_server_url):
    client = LlamaServerClient(llama_server_url)
    with pytest.raises(ContextOverflowError):
        client.complete("word " * 1500, max_tokens=8)


def test_server_schema_drops_string_length_caps():
    import json

    from gba.client.llama_server import server_schema
    from gba.planner.schema import plan_model

    plan = plan_model(("search", "final_answer"))
    assert "maxLength" in json.dumps(plan.model_json_schema())
    sent = server_schema(plan)
    assert "maxLength" not in json.dumps(sent)
    assert sent["properties"]["selected_tool"]["enum"] == ["search", "final_answer"]
