"""Render chat messages with a model's own chat template (the Jinja2 `tokenizer.chat_template`
stored in a GGUF file or served by llama-server's `/props`).

Rendering follows Hugging Face's conventions: a sandboxed Jinja2 environment with
`trim_blocks` and `lstrip_blocks`, the `loopcontrols` extension, `raise_exception`,
`strftime_now`, a `tojson` filter that keeps non-ASCII text, and `bos_token` / `eos_token`
set to the model's token strings.

Leaves out tokenization (the backends).

>>> template = ChatTemplate(
...     "{% for m in messages %}<{{ m.role }}>{{ m.content }}</s>{% endfor %}"
...     "{% if add_generation_prompt %}<assistant>{% endif %}")
>>> template.render([Message(role="user", content="hi")])
'<user>hi</s><assistant>'
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from gba.client.base import Message
from gba.errors import BackendError

GGUF_TEMPLATE_KEY = "tokenizer.chat_template"


class ChatTemplateError(BackendError):
    """A model has no chat template, or its template failed to render these messages."""


def _raise_exception(message: str) -> None:
    raise ChatTemplateError(f"the chat template refused these messages: {message}")


def _tojson(
    value: Any,
    ensure_ascii: bool = False,
    indent: int | None = None,
    separators: tuple[str, str] | None = None,
    sort_keys: bool = False,
) -> str:
    return json.dumps(
        value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys
    )


class ChatTemplate:
    """A compiled chat template. `source` names where it came from, for error messages."""

    def __init__(
        self, template: str, *, bos_token: str = "", eos_token: str = "", source: str = "the model"
    ):
        import jinja2.ext
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        if not template or not template.strip():
            raise no_template_error(source)
        env = ImmutableSandboxedEnvironment(
            trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols]
        )
        env.filters["tojson"] = _tojson
        env.globals["raise_exception"] = _raise_exception
        env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
        try:
            self._template = env.from_string(template)
        except jinja2.TemplateSyntaxError as exc:
            raise ChatTemplateError(
                f"the chat template of {source} is not valid Jinja2 ({exc}); "
                "pass a raw prompt string instead"
            ) from None
        self.source = source
        self.text = template
        self.bos_token = bos_token
        self.eos_token = eos_token

    def render(
        self,
        messages: list[Message] | list[dict],
        *,
        add_generation_prompt: bool = True,
        **extra: Any,
    ) -> str:
        """The prompt text for `messages`, ending with the assistant header when
        `add_generation_prompt` is true."""
        items = [m.model_dump() if isinstance(m, Message) else dict(m) for m in messages]
        try:
            return self._template.render(
                messages=items,
                add_generation_prompt=add_generation_prompt,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
                **extra,
            )
        except ChatTemplateError:
            raise
        except Exception as exc:  # template bugs surface as jinja2 or Python errors
            raise ChatTemplateError(
                f"the chat template of {self.source} failed to render: {type(exc).__name__}: {exc}"
            ) from None


def no_template_error(source: str) -> ChatTemplateError:
    return ChatTemplateError(
        f"{source} has no chat template ({GGUF_TEMPLATE_KEY} is missing from its metadata), "
        "so chat messages cannot be formatted. Pass a raw prompt string in the model's "
        "own format instead, or use a model whose GGUF carries a chat template."
    )


def render_chat(
    template: str,
    messages: list[Message] | list[dict],
    *,
    bos_token: str = "",
    eos_token: str = "",
    add_generation_prompt: bool = True,
) -> str:
    """One-shot rendering of `messages` with the Jinja2 `template` text."""
    return ChatTemplate(template, bos_token=bos_token, eos_token=eos_token).render(
        messages, add_generation_prompt=add_generation_prompt
    )
