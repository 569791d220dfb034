"""Schema-guided generation: pydantic model -> JSON schema -> grammar, and output validation.

One pydantic model is the single source of truth: its JSON schema goes to servers that take
schemas (llama-server, OpenAI structured outputs), its GBNF grammar goes to llama.cpp's
grammar sampler, its llguidance grammar drives the fast in-process engine, and the same model
validates whatever comes back. Everything is cached per model class (the most recent
`GRAMMARS_KEPT`).

Leaves out decoding under the grammar (gba.client.guided and the backends).

>>> from pydantic import BaseModel
>>> class Answer(BaseModel):
...     value: int
>>> "root ::=" in gbnf_for(Answer)
True
>>> parse_output(Answer, '{"value": 3}').value
3
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError, create_model

from gba.errors import InvalidOutputError

GRAMMARS_KEPT = 256  # schemas and grammars cached per process (`constrained` variants vary)


@lru_cache(maxsize=GRAMMARS_KEPT)
def json_schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON schema of `model`, properties in declared order, nested models as $defs/$ref."""
    schema = model.model_json_schema()
    # Models we generate must be closed objects, so the grammar never invents extra keys.
    _close_objects(schema)
    return schema


def _close_objects(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _close_objects(value)
    elif isinstance(node, list):
        for value in node:
            _close_objects(value)


@lru_cache(maxsize=GRAMMARS_KEPT)
def gbnf_for(model: type[BaseModel]) -> str:
    """GBNF grammar for `model`, made by llama.cpp's own JSON-schema converter.

    The converter ships with llama-cpp-python (a port of llama.cpp's
    `json_schema_to_grammar.py`); it handles $ref, enums, const, optional and required
    properties, arrays and nested objects, and keeps the declared property order.
    """
    try:
        from llama_cpp.llama_grammar import json_schema_to_gbnf
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError(
            "GBNF conversion needs llama-cpp-python: pip install 'gba[local]'"
        ) from exc
    # The converter matches a `pattern` against the raw JSON text, not the string's value (a
    # quote inside would end the string), so a `constrained` variant gets its role's grammar.
    grammar = json_schema_to_gbnf(json.dumps(json_schema_for(role_of(model))))
    return _strict_strings(grammar)


# llama-cpp-python's port of the converter lets raw control characters (and DEL) into JSON
# strings, which strict JSON forbids; upstream llama.cpp excludes them. Replace the rule.
_LOOSE_CHAR = 'char ::= [^"\\\\] |'
_STRICT_CHAR = 'char ::= [^"\\\\\\x7F\\x00-\\x1F] |'


def _strict_strings(grammar: str) -> str:
    lines = grammar.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(_LOOSE_CHAR):
            lines[i] = _STRICT_CHAR + line[len(_LOOSE_CHAR):]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=GRAMMARS_KEPT)
def llguidance_grammar_for(model: type[BaseModel]) -> str:
    """A serialized llguidance grammar for `model` (compact JSON, no extra whitespace)."""
    import llguidance

    schema = dict(json_schema_for(model))
    schema["x-guidance"] = {"whitespace_flexible": False, "item_separator": ", ",
                            "key_separator": ": "}
    return llguidance.LLMatcher.grammar_from_json_schema(schema)


@lru_cache(maxsize=GRAMMARS_KEPT)
def constrained(model: type[BaseModel], field: str, pattern: str) -> type[BaseModel]:
    """`model` with a regular expression on one string field, for the grammar only: decoding
    under llguidance (the local engine) cannot leave the pattern, while validation stays the
    model's own (a backend that does not enforce it gets the usual checks, not a pattern
    error). The variant keeps the name, and `role_of` maps it back to `model`, so it shares
    the role's KV cache and prompt prefix. Other backends get `role_of`'s plain schema:
    llama.cpp's GBNF converter matches a pattern against raw JSON text (`gbnf_for`), and
    servers limit regular expressions differently.

    >>> from pydantic import BaseModel
    >>> class Code(BaseModel):
    ...     code: str
    >>> Tight = constrained(Code, "code", "^[a-z]*$")
    >>> json_schema_for(Tight)["properties"]["code"]["pattern"], role_of(Tight) is Code
    ('^[a-z]*$', True)
    >>> Tight.model_validate({"code": "X1"}).code
    'X1'
    """
    info = copy.copy(model.model_fields[field])  # its description and limits kept
    info.json_schema_extra = dict(info.json_schema_extra or {}) | {"pattern": pattern}
    variant = create_model(model.__name__, __base__=model, __module__=model.__module__,
                           **{field: (info.annotation, info)})
    variant.__gba_role__ = model  # type: ignore[attr-defined]
    return variant


def role_of(schema: type[BaseModel] | None) -> type[BaseModel] | None:
    """The model a `constrained` variant was made from (a model itself otherwise)."""
    return getattr(schema, "__gba_role__", schema)


def without_keys(node: Any, keys: set[str]) -> Any:
    """A copy of a JSON schema with the given keywords removed everywhere."""
    if isinstance(node, dict):
        return {k: without_keys(v, keys) for k, v in node.items() if k not in keys}
    if isinstance(node, list):
        return [without_keys(v, keys) for v in node]
    return node


def parse_output(model: type[BaseModel], text: str) -> BaseModel:
    """Parse and validate `text` into `model`, or raise InvalidOutputError holding the raw text.

    Strict JSON: raw control characters inside strings are rejected (a small model under a
    loose grammar can emit them), so a validated object is always safe to store and reload.
    """
    stripped = text.strip()
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise InvalidOutputError(
            f"model output is not valid JSON for {model.__name__} ({exc.msg} at char {exc.pos})",
            raw=text,
        ) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "<root>"
        raise InvalidOutputError(
            f"model output does not match {model.__name__}: {where}: {first['msg']}",
            raw=text,
        ) from None


def schema_name(model: type[BaseModel]) -> str:
    """A name for the schema that OpenAI-style APIs accept (letters, digits, _ and -)."""
    return "".join(c if c.isalnum() or c in "_-" else "_" for c in model.__name__)[:64]
