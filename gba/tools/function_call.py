"""Generic function calling: task description + function spec -> validated arguments -> call.

Any typed, documented Python function, or a function described in the common
function-calling format (name, description, JSON-schema parameters), becomes a tool. The LLM
fills the arguments from the planner's informal task by schema-guided generation against a
pydantic model built from the signature or spec; validation errors become observations.
A name the model garbled while copying it from the task is put right (gba.tools.copies).

Leaves out choosing which function to call: the planner does that by picking the tool.

>>> def add(a: int, b: int) -> int:
...     '''Add two integers.'''
...     return a + b
>>> from gba.client.fake import FakeClient
>>> tool = FunctionTool(add, client=FakeClient([{"a": 2, "b": 3}]))
>>> tool("", "add 2 and 3", []).text
'5'
"""

from __future__ import annotations

import inspect
import json
import re
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from gba.client.base import Completion, LLMClient, Message
from gba.errors import GBAError
from gba.tools.base import Tool, ToolResult, format_steps
from gba.tools.copies import snap_copies
from gba.trajectory import Step

PROMPT = """Fill in the arguments of the function `{name}` to carry out the task.
Function: {name}: {description}
Task: {task}
{context}Answer with the arguments as JSON."""
SPEC_LINE = re.compile(r"^Function: (\w+): .*$", re.M)  # PROMPT's line naming the function

CONTEXT_STEPS = 3  # the latest steps shown as context ...
STEP_OBSERVATION_CHARS = 300  # ... each observation cut to this length


class FunctionSpec(BaseModel):
    """A function in the common function-calling format."""

    name: str
    description: str = ""
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})

    @classmethod
    def from_dict(cls, spec: dict[str, Any]) -> FunctionSpec:
        """Accept `{"name", "description", "parameters"}` or OpenAI's
        `{"type": "function", "function": {...}}`."""
        return cls.model_validate(spec.get("function", spec))

    @classmethod
    def from_function(cls, fn: Callable[..., Any]) -> FunctionSpec:
        """Spec from a typed Python function; descriptions from its docstring (Google style)."""
        model = _model_from_signature(fn)
        description, _ = _parse_docstring(fn)
        return cls(name=fn.__name__, description=description, parameters=model.model_json_schema())


def _parse_docstring(fn: Callable[..., Any]) -> tuple[str, dict[str, str]]:
    doc = inspect.getdoc(fn) or ""
    summary = doc.split("\n\n")[0].replace("\n", " ").strip()
    params: dict[str, str] = {}
    match = re.search(r"^(Args|Arguments|Parameters):\s*$(.*?)(^\S|\Z)", doc, re.M | re.S)
    if match:
        for line in match.group(2).splitlines():
            m = re.match(r"\s+(\w+)(?:\s*\(.*?\))?:\s*(.+)", line)
            if m:
                params[m.group(1)] = m.group(2).strip()
    return summary, params


def _model_from_signature(fn: Callable[..., Any]) -> type[BaseModel]:
    hints = typing.get_type_hints(fn)
    _, docs = _parse_docstring(fn)
    fields: dict[str, Any] = {}
    for pname, param in inspect.signature(fn).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        annotation = hints.get(pname, str)
        default = ... if param.default is param.empty else param.default
        fields[pname] = (annotation, Field(default, description=docs.get(pname)))
    return create_model(f"{_camel(fn.__name__)}Arguments", **fields)


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^0-9a-zA-Z]+", name) if part) or "F"


_TYPES: dict[str, Any] = {"string": str, "integer": int, "number": float, "boolean": bool,
                          "null": type(None)}
# Type names some function-calling formats use instead of JSON schema's (BFCL writes Python's
# `dict`, `float`, `tuple`, `any`), read as their JSON-schema equivalents.
TYPE_ALIASES = {"dict": "object", "float": "number", "double": "number", "int": "integer",
                "long": "integer", "str": "string", "bool": "boolean", "list": "array",
                "tuple": "array", "any": None, "None": "null"}


def json_type(kind: Any) -> Any:
    """A parameter's declared type name in JSON schema's words (`float` -> `number`).

    >>> json_type("float"), json_type("dict"), json_type("string"), json_type("any")
    ('number', 'object', 'string', None)
    """
    return TYPE_ALIASES.get(kind, kind) if isinstance(kind, str) else kind


def _field_name(name: str) -> str:
    """A Python-safe field name for a property (pydantic refuses `_class`, and names such as
    `json` or `schema` would shadow BaseModel's own); the property keeps its name as alias."""
    safe = re.sub(r"\W", "_", name).lstrip("_") or "field"
    if safe[0].isdigit() or hasattr(BaseModel, safe) or safe.startswith("model_"):
        safe = f"p_{safe}"
    return safe


def _type_from_schema(node: dict[str, Any], name: str, defs: dict[str, Any]) -> Any:
    if "$ref" in node:
        ref = node["$ref"].split("/")[-1]
        return _type_from_schema(defs[ref], ref, defs)
    if "enum" in node:
        return Literal[tuple(node["enum"])]
    if "const" in node:
        return Literal[node["const"]]
    for key in ("anyOf", "oneOf"):
        if key in node:
            options = tuple(_type_from_schema(o, name, defs) for o in node[key])
            return typing.Union[options]  # noqa: UP007
    kind = json_type(node.get("type"))
    if isinstance(kind, list):
        return typing.Union[tuple(_type_from_schema({**node, "type": k}, name, defs) for k in kind)]  # noqa: UP007
    if kind == "array":
        return list[_type_from_schema(node.get("items", {}), name + "Item", defs)]
    if kind == "object" and "properties" in node:
        return _model_from_object(node, name, defs)
    if kind == "object":
        return dict[str, Any]
    return _TYPES.get(kind, Any)


def _model_from_object(node: dict[str, Any], name: str, defs: dict[str, Any]) -> type[BaseModel]:
    required = set(node.get("required", []))
    fields: dict[str, Any] = {}
    for pname, pnode in node.get("properties", {}).items():
        annotation = _type_from_schema(pnode, _camel(pname), defs)
        if pname in required:
            default = ...
        else:
            default = pnode.get("default")
            annotation = annotation | None
        safe = _field_name(pname)
        fields[safe] = (annotation, Field(default, description=pnode.get("description"),
                                          alias=pname if safe != pname else None))
    return create_model(_camel(name), __config__=ConfigDict(populate_by_name=True), **fields)


@cache
def _arguments_model_cached(spec_json: str) -> type[BaseModel]:
    spec = FunctionSpec.model_validate_json(spec_json)
    params = spec.parameters
    return _model_from_object(params, f"{_camel(spec.name)}Arguments", params.get("$defs", {}))


def arguments_model(spec: FunctionSpec) -> type[BaseModel]:
    """The pydantic model of a function's arguments (cached per spec)."""
    return _arguments_model_cached(spec.model_dump_json())


def function_context(previous_steps: list[Step]) -> str:
    """What the function-arguments role sees of earlier steps (inference and training)."""
    if not previous_steps:
        return ""
    return format_steps(previous_steps[-CONTEXT_STEPS:], max_chars=STEP_OBSERVATION_CHARS)


def arguments_messages(task: str, spec: FunctionSpec, context: str = "") -> list[Message]:
    """The function-arguments role's prompt (inference and training examples alike)."""
    ctx = f"Context:\n{context}\n" if context else ""
    prompt = PROMPT.format(name=spec.name, description=spec.description, task=task, context=ctx)
    return [Message(role="user", content=prompt)]


def fill_arguments(client: LLMClient, task: str, spec: FunctionSpec | dict[str, Any], *,
                   context: str = "", max_tokens: int = 256) -> tuple[BaseModel, Completion]:
    """The generic function-calling module: turn a task description into validated
    arguments for `spec`. Raises InvalidOutputError when the model's output does not validate.

    >>> from gba.client.fake import FakeClient
    >>> spec = {"name": "weather", "parameters": {"type": "object",
    ...         "properties": {"city": {"type": "string"}}, "required": ["city"]}}
    >>> fill_arguments(FakeClient([{"city": "Oslo"}]), "weather in Oslo", spec)[0].city
    'Oslo'
    """
    if isinstance(spec, dict):
        spec = FunctionSpec.from_dict(spec)
    model = arguments_model(spec)
    completion = client.complete(arguments_messages(task, spec, context), model,
                                 max_tokens=max_tokens)
    return _copied_back(completion.parsed, spec, f"{task}\n{context}"), completion


def _copied_back(parsed: BaseModel, spec: FunctionSpec, text: str) -> BaseModel:
    """`parsed` with names the model garbled while copying them from `text` put right
    (gba.tools.copies); unchanged when nothing was garbled or the mended values do not validate."""
    given = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    mended = snap_copies(given, spec.parameters, text)
    if mended == given:
        return parsed
    try:
        return type(parsed).model_validate(mended)
    except ValidationError:
        return parsed


class FunctionTool(Tool):
    """Wrap a Python function (or a spec plus a callable taking keyword arguments) as a tool."""

    def __init__(self, fn: Callable[..., Any], *, client: LLMClient,
                 spec: FunctionSpec | dict[str, Any] | None = None, name: str | None = None,
                 description: str | None = None):
        self.fn = fn
        self.client = client
        if spec is None:
            self.spec = FunctionSpec.from_function(fn)
        else:
            self.spec = spec if isinstance(spec, FunctionSpec) else FunctionSpec.from_dict(spec)
        self.name = name or self.spec.name
        self.description = description or self.spec.description or f"Calls {self.name}."
        self.model = arguments_model(self.spec)

    def run(self, request: str, task: str, previous_steps: list[Step]) -> ToolResult:
        context = function_context(previous_steps)
        try:
            args, completion = fill_arguments(self.client, task, self.spec, context=context)
        except GBAError as exc:
            return ToolResult(text=f"Could not fill the arguments of {self.name}: {exc}",
                              error=str(exc))
        kwargs = args.model_dump(by_alias=True)
        try:
            value = self.fn(**kwargs)
        except ValidationError as exc:
            return ToolResult(text=f"{self.name} rejected the arguments {kwargs}: {exc}",
                              error=str(exc), usage=completion.usage, data={"arguments": kwargs})
        text = value if isinstance(value, str) else json.dumps(value, default=str)
        return ToolResult(text=text, usage=completion.usage,
                          data={"arguments": kwargs, "value": value})
