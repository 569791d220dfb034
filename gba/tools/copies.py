"""Names copied back from the task: a string argument the model garbled while copying it.

A tiny model filling a function's arguments copies names from the task letter by letter, and
sometimes slips: "Toyo" for Tokyo, "Liverly Football Club" for Liverpool Football Club.
`snap_copies` replaces such a value by the words of the task it nearly copies (character
similarity at least COPY_SIMILARITY against a run of the task's words of about the value's
length). A value found in the task as it is, a value with a digit in it (a near miss there
is another number, not a typo), and parameters with a fixed set of values are left alone.

Leaves out values the task states in another form (a date, a unit, "City, State"): those are
the description's business, and they are not near copies of any words of the task.

>>> spec = {"type": "object", "properties": {"city": {"type": "string"},
...         "days": {"type": "integer"}, "unit": {"type": "string", "enum": ["C", "F"]}}}
>>> snap_copies({"city": "Toyo", "days": 3, "unit": "C"}, spec, "Weather in Tokyo for 3 days.")
{'city': 'Tokyo', 'days': 3, 'unit': 'C'}
>>> snap_copies({"city": "Kyoto"}, spec, "Weather in Tokyo for 3 days.")
{'city': 'Kyoto'}
"""

from __future__ import annotations

import difflib
import re
from typing import Any

COPY_SIMILARITY = 0.85  # difflib ratio (case folded) at which a value is a slipped copy
WORD = re.compile(r"[^\s\"'“”‘’()\[\]{}]+")
EDGE = ".,;:!?"  # trimmed off the ends of a run of the task's words


def _runs(words: list[str], lengths: range) -> list[str]:
    runs = []
    for n in lengths:
        for i in range(len(words) - n + 1):
            run = " ".join(words[i:i + n]).strip(EDGE)
            if run:
                runs.append(run)
    return runs


def snap(value: str, text: str) -> str:
    """`value`, or the run of words of `text` it nearly copies.

    >>> snap("Liverly Football Club", "Statistics of Liverpool Football Club in 2021.")
    'Liverpool Football Club'
    >>> snap("rental agreement", "A rental agreement in California.")
    'rental agreement'
    """
    folded = value.strip().lower()
    if not folded or folded in text.lower() or any(c.isdigit() for c in folded):
        return value
    size = len(folded.split())
    best, score = value, COPY_SIMILARITY
    for run in _runs(WORD.findall(text), range(max(1, size - 1), size + 2)):
        ratio = difflib.SequenceMatcher(None, folded, run.lower()).ratio()
        if ratio >= score:
            best, score = run, ratio
    return best


def snap_copies(arguments: dict[str, Any], schema: dict[str, Any], text: str) -> dict[str, Any]:
    """`arguments` with each free string value (not an enum or constant) snapped to the words of
    `text` it nearly copies; nested objects and arrays are walked by the parameter schema."""
    props = schema.get("properties") or {}
    return {name: _walk(value, props.get(name) or {}, text) for name, value in arguments.items()}


def _walk(value: Any, node: dict[str, Any], text: str) -> Any:
    if not isinstance(node, dict) or "enum" in node or "const" in node:
        return value
    if isinstance(value, str):
        return snap(value, text)
    if isinstance(value, list):
        return [_walk(v, node.get("items") or {}, text) for v in value]
    if isinstance(value, dict) and node.get("properties"):
        return snap_copies(value, node, text)
    return value
