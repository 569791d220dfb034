"""Client for llama.cpp's native `llama-server` over HTTP.

The schema travels per request as `json_schema` on the native `/completion` endpoint, so the
server's grammar sampler enforces it. Chat messages are rendered here with the chat template
the server reports in `/props` (the GGUF's own), exactly as the local backend renders them;
a raw string prompt is sent byte for byte.

Leaves out finding, starting and stopping a server process (gba.client.server_process).

>>> with start_llama_server("model.gguf") as url:  # doctest: +SKIP
...     client = LlamaServerClient(url)
...     client.complete([Message(role="user", content="Say hi")], max_tokens=8).text
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel

from gba.client.base import Completion, LLMClient, Prompt, Timings, Usage
from gba.client.chat_template import ChatTemplate
from gba.client.server_process import (  # noqa: F401  (re-exported: their old home)
    BUILD_HINT,
    find_llama_server,
    free_port,
    start_llama_server,
)
from gba.errors import (
    BackendError,
    ClientTimeoutError,
    ContextOverflowError,
    ServerUnreachableError,
)
from gba.grammar import json_schema_for, role_of, without_keys
from gba.text import clip

START_HINT = (
    "llama-server -m MODEL.gguf --host 127.0.0.1 --port {port} -c 4096 -np 1 "
    "(build the binary with " + BUILD_HINT + ")"
)
ERROR_CHARS = 500  # of an error answer's body, quoted in the exception
FINISH_REASONS = {"eos": "stop", "word": "stop", "limit": "length", "none": "stop"}


class LlamaServerClient(LLMClient):
    """A running llama-server, e.g. one server per role in the published deployment.

    Transient failures (timeouts, connection errors, 5xx answers) are retried `retries`
    times with exponential backoff (0.5 s, 1 s, 2 s, ...).
    """

    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8080",
        *,
        timeout_s: float = 120,
        retries: int = 2,
        api_key: str | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.retries = retries
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout_s, headers=headers)
        self._props: dict[str, Any] | None = None
        self._template: ChatTemplate | None = None
        self.name = f"llama-server:{self.base_url}"

    # --- server facts ---------------------------------------------------------------------

    @property
    def props(self) -> dict[str, Any]:
        """The server's `/props` (fetched once): model path, n_ctx, chat template, ..."""
        if self._props is None:
            self._props = self._request("GET", "/props")
            model = Path(str(self._props.get("model_path") or "")).name
            if model:
                self.name = f"llama-server:{model}"
        return self._props

    @property
    def n_ctx(self) -> int | None:  # type: ignore[override]
        settings = self.props.get("default_generation_settings") or {}
        return settings.get("n_ctx") or None

    def render(self, prompt: Prompt) -> str:
        """The exact text sent as `prompt`: raw strings as they are, messages through the
        model's chat template (from `/props`, else the server's `/apply-template`)."""
        if isinstance(prompt, str):
            return prompt
        template_text = self.props.get("chat_template") or ""
        if not template_text:
            body = {"messages": [m.model_dump() for m in prompt]}
            return self._request("POST", "/apply-template", body)["prompt"]
        if self._template is None:
            self._template = ChatTemplate(
                template_text,
                bos_token=self.props.get("bos_token") or "",
                eos_token=self.props.get("eos_token") or "",
                source=self.name,
            )
        return self._template.render(prompt)

    def count_tokens(self, prompt: Prompt) -> int:
        """Exact count from the server's tokenizer (special tokens parsed, BOS included as
        the server adds it to completions)."""
        body = {"content": self.render(prompt), "add_special": True, "parse_special": True}
        return len(self._request("POST", "/tokenize", body)["tokens"])

    # --- generation -------------------------------------------------------------------------

    def _generate(
        self,
        prompt: Prompt,
        schema: type[BaseModel] | None,
        *,
        max_tokens: int,
        temperature: float,
        seed: int | None,
        stop: list[str] | None,
    ) -> Completion:
        started = time.perf_counter()
        body: dict[str, Any] = {
            "prompt": self.render(prompt),
            "n_predict": max_tokens,
            "temperature": temperature,
            "cache_prompt": True,
            "stream": False,
        }
        if seed is not None:
            body["seed"] = seed
        if stop:
            body["stop"] = list(stop)
        if schema is not None:
            body["json_schema"] = server_schema(schema)
        data = self._request("POST", "/completion", body)
        timings = data.get("timings") or {}
        prompt_tokens = int(data.get("tokens_evaluated") or 0)
        return Completion(
            text=data.get("content", ""),
            usage=Usage(
                prompt_tokens=prompt_tokens,
                completion_tokens=int(timings.get("predicted_n") or 0),
                cached_tokens=int(timings.get("cache_n") or 0),
            ),
            timings=Timings(
                prompt_s=float(timings.get("prompt_ms") or 0) / 1000,
                generation_s=float(timings.get("predicted_ms") or 0) / 1000,
                total_s=time.perf_counter() - started,
            ),
            finish_reason=FINISH_REASONS.get(str(data.get("stop_type")), "stop"),
            model=self.name,
        )

    def _request(self, method: str, path: str, body: dict | None = None) -> dict[str, Any]:
        """One HTTP call with retries on timeouts, connection errors and 5xx answers."""
        url = self.base_url + path
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._http.request(method, path, json=body)
            except httpx.TimeoutException:
                if last:
                    raise ClientTimeoutError(
                        f"{url} did not answer within {self.timeout_s:g} s after "
                        f"{self.retries + 1} attempt(s); raise timeout_s or use a smaller "
                        "model / max_tokens"
                    ) from None
            except httpx.TransportError as exc:
                if last:
                    raise ServerUnreachableError(
                        f"no llama-server answers at {self.base_url} ({exc}). Start one, e.g.: "
                        + START_HINT.format(port=_port_of(self.base_url))
                    ) from None
            else:
                if response.status_code < 400:
                    return response.json()
                self._raise_for_answer(url, response, final=last)
            time.sleep(0.5 * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _raise_for_answer(self, url: str, response: httpx.Response, *, final: bool) -> None:
        """Raise the right error for an error answer; return to let the caller retry."""
        try:
            error = response.json().get("error") or {}
        except ValueError:
            error = {}
        message = error.get("message") or clip(response.text, ERROR_CHARS)
        kind = error.get("type", "")
        if kind == "exceed_context_size_error" or "context size" in message:
            numbers = [int(n) for n in re.findall(r"\d+", message)]
            raise ContextOverflowError(
                f"{url}: the prompt does not fit the server's context window ({message}). "
                "Shorten the prompt (fewer or shorter steps/observations) or restart "
                "llama-server with a larger -c.",
                prompt_tokens=numbers[0] if numbers else 0,
                n_ctx=numbers[1] if len(numbers) > 1 else 0,
            )
        if response.status_code >= 500 and not final:
            return
        raise BackendError(f"{url} answered {response.status_code}: {message}")

    def close(self) -> None:
        self._http.close()


def _port_of(url: str) -> int:
    return httpx.URL(url).port or 8080


def server_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """The schema sent to llama-server. String `maxLength` is left out: llama.cpp's grammar
    sampler unrolls it into hundreds of nested rules and crawls; the length is still checked
    when the output is validated. A `constrained` variant's value pattern is left out too: the
    server's converter would match it against raw JSON text (see gba.grammar.gbnf_for)."""
    return without_keys(json_schema_for(role_of(schema)), {"maxLength"})
