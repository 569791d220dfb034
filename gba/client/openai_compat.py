"""OpenAI-compatible backend: OpenAI, vLLM, llama-cpp-python's server, any base URL.

Structured output goes as OpenAI's `json_schema` response format. Servers that reject it
(llama-cpp-python's server takes only `json_object` with a `schema`) are detected on the
first refusal and served the `json_object` form from then on. Output is always validated;
invalid output is retried by `LLMClient.complete`.

Leaves out starting a server (gba.client.server_process).

>>> client = OpenAIClient("gpt-4o-mini")  # doctest: +SKIP
>>> client.complete([Message(role="user", content="Hi")]).text  # doctest: +SKIP
"""

from __future__ import annotations

import os
import time
from typing import Any, Literal

from pydantic import BaseModel

from gba.client.base import Completion, LLMClient, Message, Prompt, Timings, Usage
from gba.errors import (
    BackendError,
    ClientTimeoutError,
    ContextOverflowError,
    ServerUnreachableError,
)
from gba.grammar import gbnf_for, json_schema_for, role_of, schema_name

SchemaMode = Literal["auto", "json_schema", "json_object"]

START_HINT = (
    "Start one, e.g. `python -m llama_cpp.server --model MODEL.gguf --port 8000` "
    "(pip install 'llama-cpp-python[server]') or `vllm serve MODEL`, "
    "or point --base-url / OPENAI_BASE_URL at a running server."
)


class OpenAIClient(LLMClient):
    """Chat (and raw-prompt completions) through the `openai` SDK.

    `schema_mode="auto"` tries `json_schema` and falls back to `json_object`+schema when the
    server refuses it. The SDK retries connection errors, 429s and 5xx with exponential
    backoff (`retries` times).
    """

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        retries: int = 2,
        schema_mode: SchemaMode = "auto",
        n_ctx: int | None = None,
    ):
        try:
            import openai
        except ImportError:
            raise ImportError("the OpenAI backend needs: pip install 'gba[openai]'") from None
        self.model = model
        self.base_url = base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
        key = api_key or os.environ.get("OPENAI_API_KEY") or "not-needed"
        self._openai = openai
        self._client = openai.OpenAI(
            base_url=self.base_url, api_key=key, timeout=timeout_s, max_retries=retries
        )
        self.schema_mode: SchemaMode = schema_mode
        self.n_ctx = n_ctx
        self.name = f"openai:{model}"

    # -- request shaping ------------------------------------------------------------

    def _response_format(self, schema: type[BaseModel]) -> dict[str, Any]:
        # a `constrained` variant's pattern guards small local models; servers and APIs get
        # the role's plain schema (providers limit regular expressions differently)
        body = json_schema_for(role_of(schema))
        if self.schema_mode == "json_object":
            return {"type": "json_object", "schema": body}
        return {
            "type": "json_schema",
            "json_schema": {"name": schema_name(schema), "schema": body,
                            "strict": _strict_compatible(body)},
        }

    def _generate(self, prompt: Prompt, schema, *, max_tokens, temperature, seed, stop):
        started = time.perf_counter()
        try:
            if isinstance(prompt, str):
                resp, text = self._raw(prompt, schema, max_tokens, temperature, seed, stop)
                finish = resp.choices[0].finish_reason
            else:
                resp = self._chat(prompt, schema, max_tokens, temperature, seed, stop)
                text = resp.choices[0].message.content or ""
                finish = resp.choices[0].finish_reason
        except self._openai.APITimeoutError:
            raise ClientTimeoutError(
                f"{self.base_url} did not answer in time (after retries); raise the timeout "
                "or check the server's load") from None
        except self._openai.APIConnectionError:
            raise ServerUnreachableError(f"cannot reach {self.base_url}. {START_HINT}") from None
        except self._openai.AuthenticationError:
            raise BackendError(f"{self.base_url} refused the API key: set OPENAI_API_KEY") from None
        except self._openai.NotFoundError as exc:
            raise BackendError(f"{self.base_url}: model '{self.model}' not found ({exc})") from None
        except self._openai.BadRequestError as exc:
            message = str(exc)
            if "context" in message.lower() and ("length" in message.lower()
                                                  or "exceed" in message.lower()):
                raise ContextOverflowError(
                    f"{self.base_url}: the prompt does not fit the model's context: {message}. "
                    "Shorten the prompt or lower max_tokens.") from None
            raise BackendError(f"{self.base_url} rejected the request: {message}") from None
        usage = Usage()
        if resp.usage is not None:
            details = getattr(resp.usage, "prompt_tokens_details", None)
            usage = Usage(
                prompt_tokens=resp.usage.prompt_tokens or 0,
                completion_tokens=resp.usage.completion_tokens or 0,
                cached_tokens=(getattr(details, "cached_tokens", 0) or 0) if details else 0,
            )
        total = time.perf_counter() - started
        return Completion(text=text, usage=usage, timings=Timings(total_s=total),
                          finish_reason=finish or "stop", model=self.name)

    def _chat(self, messages: list[Message], schema, max_tokens, temperature, seed, stop):
        kwargs: dict[str, Any] = dict(
            model=self.model, messages=[m.model_dump() for m in messages],
            max_tokens=max_tokens, temperature=temperature, seed=seed, stop=stop,
        )
        if schema is None:
            return self._client.chat.completions.create(**kwargs)
        # While probing whether the server takes json_schema, a refusal must not be retried.
        probe = self._client.with_options(max_retries=0) if self.schema_mode == "auto" \
            else self._client
        try:
            return probe.chat.completions.create(
                response_format=self._response_format(schema), **kwargs)
        except (self._openai.BadRequestError, self._openai.UnprocessableEntityError,
                self._openai.InternalServerError) as exc:
            # llama-cpp-python's server answers 500 with a validation error naming the field.
            if self.schema_mode != "auto" or "response_format" not in str(exc):
                raise
            self.schema_mode = "json_object"  # e.g. llama-cpp-python's server
            return self._client.chat.completions.create(
                response_format=self._response_format(schema), **kwargs)

    def _raw(self, prompt: str, schema, max_tokens, temperature, seed, stop):
        extra: dict[str, Any] = {}
        if schema is not None:
            # Servers differ: llama.cpp-based ones take a GBNF `grammar`, vLLM `guided_json`.
            # Unknown fields are ignored by both; validation catches the rest.
            extra = {"guided_json": json_schema_for(role_of(schema))}
            try:
                extra["grammar"] = gbnf_for(schema)
            except ImportError:  # no llama-cpp-python here: the server gets the schema only
                pass
        resp = self._client.completions.create(
            model=self.model, prompt=prompt, max_tokens=max_tokens, temperature=temperature,
            seed=seed, stop=stop, extra_body=extra or None)
        return resp, resp.choices[0].text

    def close(self) -> None:
        self._client.close()


def _strict_compatible(schema: dict[str, Any]) -> bool:
    """OpenAI's strict mode needs every property required and no open objects."""
    def ok(node: Any) -> bool:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                if set(node.get("required", [])) != set(node["properties"]):
                    return False
            if "default" in node:
                return False
            return all(ok(v) for v in node.values())
        if isinstance(node, list):
            return all(ok(v) for v in node)
        return True
    return ok(schema)
