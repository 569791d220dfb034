"""What kind of quantity code computes, from the units of its numbers: a check of the
calculation role's code.

"Walking at a steady 4.5 km an hour, how many minutes will a 3.6 km route take me?" came out
as `3.6 * 4.5`: a length times a speed is no time, whatever factor follows. Each number of
the code takes the kind (length, area, volume, mass, time, speed) of the unit written after it
where it is stated ("3.6 km" a length; "4.5 km an hour" a length per time; "6.5 litres per
100 km" a volume per length; "7 hours a night" a time per time), a `convert` call the kind of
its target unit, and the arithmetic combines them (a product adds exponents, a quotient
subtracts them). `wrong_kind` compares what `result` comes out in with the one kind the
request asks for ("how many minutes": a time); where that kind holds no time, a time left
over is not counted (code scales "25 km a month" to "a year" by 12, a plain number).

Leaves out: numbers stated without a unit, or with different kinds in different places
(they count as plain numbers, or stop the check), a number with a unit the code writes more
often than it is stated ("a 2 by 3 metre wall, two coats"), money (not a kind here, and a
request about money is not checked), temperatures
(their scales have offsets), sums of different kinds, results that come out as plain
numbers, requests that ask for no kind or for two ("minutes per kilometre"), and a kind no
number given is of (litres from "23 km each way" alone: gba.own_facts asks the user for it).

>>> wrong_kind("result = 3.6 * 4.5", "Walking at 4.5 km an hour, how many minutes will a "
...            "3.6 km route take me?")
('a time', 'a length squared per time')
>>> wrong_kind("result = 3.6 / 4.5 * 60", "Walking at 4.5 km an hour, how many minutes will a "
...            "3.6 km route take me?")
"""

from __future__ import annotations

import ast
import math
import re

from gba.numbers import number_spans, word_spans
from gba.tools.conversions import (
    NOT_AFTER_NUMBER,
    asked_dimensions,
    asked_units,
    missing_dimensions,
    unit_at,
)
from gba.tools.coverage import literals, nodes
from gba.tools.units import UNITS, Unit, lookup, normalize

Kind = tuple[int, int, int]  # exponents of length, mass, time
PLAIN: Kind = (0, 0, 0)
KINDS: dict[str, Kind] = {"length": (1, 0, 0), "area": (2, 0, 0), "volume": (3, 0, 0),
                          "mass": (0, 1, 0), "time": (0, 0, 1), "speed": (1, 0, -1)}
NAMES = {kind: ("an area" if name == "area" else f"a {name}") for name, kind in KINDS.items()}
PERIODS = r"nights?|mornings?|evenings?|weekdays?|workdays?|months?|years?|fortnights?"
# a rate's second unit: "4.5 km an hour", "6.5 litres per 100 km", "7 hours a night"
PER = re.compile(r"(?:\s+of\s+[^\W\d_]+)?\s*(?:(?:a|an|per|each|every)\s+|/\s*)"
                 r"(?P<count>[\d.,]+\s+)?(?P<unit>[^\W\d_]+(?:\s[^\W\d_]+)?)", re.IGNORECASE)
# "a 4 by 2 metre wall": the first number has the second's unit
BY = re.compile(r"\s*(?:by|x|×)\s*[\d.,]+", re.IGNORECASE)
# money is no kind here: "what I earn for 8 hours" asks for no time
MONEY_ASKED = re.compile(r"[€$£]|\b(?:cost\w*|pay\w*|paid|earn\w*|price\w*|spend\w*|spent|"
                         r"euros?|dollars?|pounds? sterling|fares?|fees?|budget)\b", re.IGNORECASE)
# a rate stated in the request ("6.5 litres per 100 km") is given, not asked
# ("20 cups of tea per day" too)
STATED_RATE = re.compile(r"[\d.,]+\s*[^\W\d_]+(?:\s+of\s+[^\W\d_]+)?\s+per\s+(?:[\d.,]+\s*)?"
                         r"[^\W\d_]+", re.IGNORECASE)
# a pace: "one kilometre in 7 minutes" makes 7 a time per length
PACE = re.compile(r"\b(?:one|a|an|1)\s+(?P<unit>[^\W\d_]+)\s+(?:in|every)\s+$", re.IGNORECASE)


def _kind_of(name: str) -> Kind | None:
    found = _unit_of(name)
    return None if found is None else found[0]


def _unit_of(name: str) -> tuple[Kind, float | None] | None:
    """The kind of a unit's name and its size in SI units (None for a calendar period: a
    month or a night has no one size)."""
    unit = UNITS.get(normalize(name))
    if unit is None:
        return (KINDS["time"], None) if re.fullmatch(PERIODS, name, re.IGNORECASE) else None
    kind = KINDS.get(unit.dimension)
    return None if kind is None else (kind, unit.factor)


def _per(rest: str) -> tuple[Kind, float | None] | None:
    """The kind and size of the unit a rate is per, from the text right after its first
    unit; None when it is per a number of them ("per 100 km": that number carries the unit)."""
    m = PER.match(rest)
    if not m or m.group("count"):
        return None
    for words in (m.group("unit"), m.group("unit").split()[0]):
        if (found := _unit_of(words)) is not None:
            return found
    return None


Stated = tuple[Kind, "float | None"]  # a number's kind and its unit's size in SI units


def _over(a: Stated, b: Stated) -> Stated:
    return (_minus(a[0], b[0]), None if a[1] is None or b[1] is None else a[1] / b[1])


def stated_kinds(text: str) -> dict[float, Kind | None]:
    """The kind of each number of `text`, from the unit after it and a rate's second unit;
    PLAIN for a number with no unit, None for one stated as different kinds (or a
    temperature).

    >>> stated_kinds("Walking at 4.5 km an hour, a 3.6 km route")
    {4.5: (1, 0, -1), 3.6: (1, 0, 0)}
    >>> stated_kinds("I run one kilometre in 7 minutes")[7.0]
    (-1, 0, 1)
    """
    return {value: None if found is None else found[0]
            for value, found in stated_units(text).items()}


def stated_units(text: str) -> dict[float, Stated | None]:
    """The kind and SI size of each number's unit in `text` (stated_kinds): (PLAIN, 1.0) for
    a number with no unit, a size of None where a calendar period has no one size.

    >>> stated_units("Walking at 4.5 km an hour")[4.5]
    ((1, 0, -1), 0.2777777777777778)
    """
    out: dict[float, Stated | None] = {}
    for value, start, end in sorted(number_spans(text) + word_spans(text), key=lambda s: s[1]):
        rest = text[end:]
        if by := BY.match(rest):  # "4 by 2 metre": the unit after the second number
            rest = rest[by.end():]
        found = unit_at(rest, NOT_AFTER_NUMBER)
        stated: Stated | None = (PLAIN, 1.0)
        if found is None and (period := re.match(rf"\s*({PERIODS})\b", rest, re.IGNORECASE)):
            stated = (KINDS["time"], None)  # "five months": calendar periods are no units
            per = _per(rest[period.end():])
            stated = stated if per is None else _over(stated, per)
        elif found is not None:
            kind = KINDS.get(found[0].dimension)
            stated = None if kind is None else (kind, found[0].factor)
            if stated is not None:
                at = rest.find(found[1]) + len(found[1])
                per = _per(rest[at:])
                if per is None and (pace := PACE.search(text[max(0, start - 40):start])):
                    per = _unit_of(pace.group("unit"))
                if per is not None:
                    stated = _over(stated, per)
        if value in out and out[value] != stated:
            stated = None
        out[value] = stated
    return out


def _plus(a: Kind, b: Kind) -> Kind:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _minus(a: Kind, b: Kind) -> Kind:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


class _Unknown(Exception):
    """A part of the code whose kind cannot be told."""


def _eval(node: ast.expr, known: dict[float, Kind | None], names: dict[str, Kind]) -> Kind:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        kind = next((k for x, k in known.items() if math.isclose(x, node.value, rel_tol=1e-9)),
                    PLAIN)
        if kind is None:
            raise _Unknown
        return kind
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.UnaryOp):
        return _eval(node.operand, known, names)
    if isinstance(node, ast.BinOp):
        left = _eval(node.left, known, names)
        if isinstance(node.op, ast.Pow):
            if isinstance(node.right, ast.Constant) and node.right.value == int(node.right.value):
                n = int(node.right.value)
                return (left[0] * n, left[1] * n, left[2] * n)
            if left == PLAIN:
                return PLAIN
            raise _Unknown
        right = _eval(node.right, known, names)
        if isinstance(node.op, ast.Mult):
            return _plus(left, right)
        if isinstance(node.op, (ast.Div, ast.FloorDiv)):
            return _minus(left, right)
        if isinstance(node.op, (ast.Add, ast.Sub)) and left == right:
            return left
        raise _Unknown  # a sum of different kinds, or another operator
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = node.args
        if node.func.id == "convert" and len(args) == 3 and isinstance(args[2], ast.Constant):
            kind = _kind_of(str(args[2].value))
            if kind is None:
                raise _Unknown
            return kind
        if node.func.id in ("round", "abs", "int", "float") and args:
            return _eval(args[0], known, names)
        if node.func.id in ("min", "max", "sum") and args:
            kinds = {_eval(a, known, names) for a in args}
            if len(kinds) == 1:
                return kinds.pop()
    raise _Unknown


def result_kind(code: str, said: str) -> Kind | None:
    """The kind `result` comes out in, the kinds of the numbers taken from `said`; None
    where any part cannot be told."""
    known = stated_kinds(said)
    names: dict[str, Kind] = {}
    tree = nodes(code)
    if not tree or not isinstance(tree[0], ast.Module):
        return None
    stated = [value for value, _, _ in number_spans(said) + word_spans(said)]
    written = literals(code)
    for value in set(written):
        kind = next((k for x, k in known.items() if math.isclose(x, value, rel_tol=1e-9)), PLAIN)
        if kind != PLAIN and written.count(value) > sum(
                math.isclose(x, value, rel_tol=1e-9) for x in stated):
            return None  # "a 2 by 3 metre wall, twice": which 2 is the length?
    try:
        for statement in tree[0].body:
            if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                    and isinstance(statement.targets[0], ast.Name)):
                names[statement.targets[0].id] = _eval(statement.value, known, names)
            else:
                return None
    except _Unknown:
        return None
    return names.get("result")


def describe(kind: Kind) -> str:
    """A kind in words: 'a speed', 'a length squared per time'."""
    if kind in NAMES:
        return NAMES[kind]
    words = ["length", "mass", "time"]
    top = [w + ("" if e == 1 else " squared" if e == 2 else f" to the power {e}")
           for w, e in zip(words, kind, strict=True) if e > 0]
    bottom = [w + ("" if e == -1 else " squared" if e == -2 else f" to the power {-e}")
              for w, e in zip(words, kind, strict=True) if e < 0]
    return "a " + " times ".join(top or ["number"]) + (" per " + " per ".join(bottom)
                                                        if bottom else "")


def wrong_kind(code: str, request: str, said: str | None = None) -> tuple[str, str] | None:
    """(the kind asked, the kind `code` comes out in) when the request asks for one kind of
    quantity and the code's result, from the units of its numbers in `said` (default: the
    request), is another that is not a plain number; else None."""
    asked = asked_dimensions(STATED_RATE.sub(" ", request))
    if len(asked) != 1 or MONEY_ASKED.search(request) or missing_dimensions(
            request, request if said is None else said):
        return None  # a kind nothing gives is a number to ask for (gba.own_facts)
    want = KINDS[asked.pop()]
    have = result_kind(code, request if said is None else said)
    if have is None or have == PLAIN or have == want:
        return None
    if want[2] == 0 and have[:2] == want[:2]:
        return None  # "25 km a month" over "a year": calendar factors carry the time
    return describe(want), describe(have)


def in_asked_unit(code: str, request: str, said: str | None = None) -> str:
    """`code` converting its result into the unit the request asks for, where its own units
    leave it in another of the same kind: "At 4.5 km an hour, how many minutes does a 3.6 km
    route take?" written `result = 3.6 / 4.5` comes out in hours (a length over a length per
    hour), so it runs as `result = convert(3.6 / 4.5, "h", "min")`. Only code that is one
    expression of stated numbers (request and `said`) whose units are all known, with no
    factor of its own (a 60 or a `convert` means the code handles units itself), of the kind
    asked, in a unit of the table; otherwise `code` unchanged. Money is no unit here.

    >>> ask = "At 4.5 km an hour, how many minutes does a 3.6 km route take?"
    >>> in_asked_unit("result = 3.6 / 4.5", ask)
    'result = convert(3.6 / 4.5, "h", "min")'
    >>> in_asked_unit("result = 3.6 / 4.5 * 60", ask)
    'result = 3.6 / 4.5 * 60'
    """
    said = request if said is None else said
    units = asked_units(STATED_RATE.sub(" ", request))
    if (len(units) != 1 or units[0].dimension not in KINDS or MONEY_ASKED.search(request)
            or missing_dimensions(request, said)):
        return code
    target = units[0]
    tree = nodes(code)
    if not tree or not isinstance(tree[0], ast.Module) or len(tree[0].body) != 1:
        return code
    statement = tree[0].body[0]
    if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id == "result"):
        return code
    known = stated_units(said)
    stated = [value for value, _, _ in number_spans(said) + word_spans(said)]
    written = literals(code)
    for value in set(written):
        match = [x for x in known if math.isclose(x, value, rel_tol=1e-9)]
        if not match or known[match[0]] is None or known[match[0]][1] is None or (
                written.count(value) > sum(math.isclose(x, value, rel_tol=1e-9)
                                           for x in stated)):
            return code  # a factor of the code's own, or a number of unknown size
    try:
        kind = _eval(statement.value, stated_kinds(said), {})
        raw = _value(statement.value, {})
        si = _value(statement.value, known)
    except (_Unknown, ZeroDivisionError, OverflowError):
        return code
    if kind != KINDS[target.dimension] or not raw or not math.isfinite(si / raw):
        return code
    implied = si / raw  # SI units per unit of the code's result
    if math.isclose(implied, target.factor, rel_tol=1e-6):
        return code
    source = next((u for u in _candidates() if KINDS.get(u.dimension) == kind
                   and math.isclose(u.factor, implied, rel_tol=1e-6)), None)
    if source is None:
        return code
    expr = ast.unparse(statement.value)
    return f'result = convert({expr}, "{source.symbol}", "{target.symbol}")'


def _candidates() -> list[Unit]:
    """The table's units, and every length per time ("km/min") as a speed."""
    table = list(dict.fromkeys(UNITS.values()))
    lengths = [u for u in table if u.dimension == "length"]
    times = [u for u in table if u.dimension == "time"]
    return table + [lookup(f"{a.symbol}/{b.symbol}") for a in lengths for b in times]


def _value(node: ast.expr, known: dict[float, Stated | None]) -> float:
    """The value of an expression of numbers, each in SI units by `known` (empty: as
    written); anything but + - * / and powers is _Unknown."""
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        size = next((found[1] for x, found in known.items()
                     if math.isclose(x, node.value, rel_tol=1e-9) and found is not None), 1.0)
        return float(node.value) * (size or 1.0)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_value(node.operand, known)
    if isinstance(node, ast.BinOp):
        left = _value(node.left, known)
        if isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant):
            return left ** float(node.right.value)
        right = _value(node.right, known)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            return left / right
    raise _Unknown
