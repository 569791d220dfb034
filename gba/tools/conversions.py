"""A conversion's units as the request writes them: the check that refuses `convert(...)`
calls which read a given number in the wrong unit or never reach the unit asked for.

A tiny model copies the units of a conversion it has just seen ("Turn 3 US gallons into
litres" came out as `convert(3, "l", "gal")` after a solved litres-to-gallons task) or picks
a neighbouring unit ("inches in 1.8 metres" as `convert(1.8, "m", "ft")`). Both are read off
the words, not guessed: a number written with a unit ("3 US gallons", "1.8 metres") is in that
unit, and a unit the request names ("inches") that the code converts to nothing of its kind
is one the answer misses. `misread_units` returns one line for the repair prompt, or None.

Only what the words settle is refused: a number converted with a unit of another kind ("60
mph" converted as miles) passes; so does a unit the code reaches through another of its kind.
Leaves out the conversion itself (gba.tools.units).

>>> misread_units('result = convert(3, "l", "gal")', "Turn 3 US gallons into litres.")
'3 is given in gal (as "3 US gallons"): write convert(3, "gal", ...)'
>>> misread_units('result = convert(1.8, "m", "ft")', "How many inches are in 1.8 metres?")
'the request asks for inches, a unit the code never uses: convert(..., "in")'
>>> misread_units('result = convert(1.8, "m", "in")', "How many inches are in 1.8 metres?")
"""

from __future__ import annotations

import ast
import math
import re

from gba.numbers import MONEY, number_spans, word_spans
from gba.tools.units import AMBIGUOUS, Unit, lookup

WORD = re.compile(r"[^\s,.;:!?()\"']+")
LONGEST = 3  # words in a unit's name: "degrees Fahrenheit", "miles per hour", "US fl oz"
NOT_AFTER_NUMBER = {"in", "a", "an", "at"}  # "3 in total", "2 a day"; "856 h" is in hours
COMMON = AMBIGUOUS | {"has", "second"}  # words that read as units ("ha", "s") but rarely are


def unit_at(text: str, rarely: set[str] = AMBIGUOUS) -> tuple[Unit, str] | None:
    """The unit `text` begins with (its longest name of up to LONGEST words) and the words
    that name it; None when it begins with none, or with a word that is `rarely` a unit
    ("in", "a", "s").

    >>> unit_at(" US gallons into litres")[0].symbol, unit_at(" miles per hour, then")[0].symbol
    ('gal', 'mi/h')
    >>> unit_at(" in total") is None
    True
    """
    words = [m for m in WORD.finditer(text)][:LONGEST]
    if not words or words[0].group().lower() in rarely:
        return None
    for n in range(len(words), 0, -1):
        name = text[words[0].start():words[n - 1].end()]
        try:
            return lookup(name), name
        except ValueError:
            continue
    return None


def stated_units(text: str) -> dict[float, list[tuple[Unit, str] | None]]:
    """Each number in `text` (in digits or words), with the unit right after each place it is
    written (and how the text writes number and unit), None where no unit follows.

    >>> [(x, [u.symbol for u, _ in us]) for x, us in stated_units("5 km in 45 minutes").items()]
    [(5.0, ['km']), (45.0, ['min'])]
    >>> [u.symbol for u, _ in stated_units("It took 856 h in all.")[856.0]]
    ['h']
    >>> stated_units("5 ft 5 in")[5.0][1] is None  # "in" after a number is rarely a unit
    True
    >>> [u.symbol for u, _ in stated_units("3 pounds three ounces")[3.0]]
    ['lb', 'oz']
    """
    out: dict[float, list[tuple[Unit, str] | None]] = {}
    for value, start, end in number_spans(text) + word_spans(text):
        found = unit_at(text[end:], NOT_AFTER_NUMBER)
        out.setdefault(value, []).append(
            (found[0], text[start:end] + " " + found[1]) if found else None)
    return out


def with_passage_units(answer: str, passages: list[str]) -> str:
    """`answer` with the unit of each number it states put back to the one the `passages` write
    after that number, where they write it only with units of the same kind and none is the
    answer's ("The Irrawaddy is 1,350 km long." from "about 1,350 mi (2,170 km) long"): a
    tiny model copies the number and the unit it expects.

    >>> with_passage_units("The Irrawaddy is 1,350 km long.", ["about 1,350 mi (2,170 km) long"])
    'The Irrawaddy is 1,350 mi long.'
    >>> with_passage_units("It is 2,170 km long.", ["about 1,350 mi (2,170 km) long"])
    'It is 2,170 km long.'
    """
    stated = [stated_units(text) for text in passages]
    out, done = [], 0
    for value, start, end in number_spans(answer):
        found = unit_at(answer[end:], NOT_AFTER_NUMBER)
        if found is None or start < done:
            continue
        unit, name = found
        theirs = [q for units in stated for q in units.get(value, []) if q is not None
                  and q[0].dimension == unit.dimension]
        if not theirs or any(_same(q[0], unit) for q in theirs):
            continue
        at = answer.index(name, end)
        out.append(answer[done:at] + theirs[0][1].split(" ", 1)[1])
        done = at + len(name)
    return "".join(out) + answer[done:]


def other_kinds(answer: str, passages: list[str]) -> list[str]:
    """Numbers `answer` states with a unit of a kind (length, area, ...) that the `passages`
    never write after that number, though they write it with units of other kinds: "a depth
    of 11,350 m" from "an area of 11,350 km2" (a tiny model copies the first figure).

    >>> other_kinds("It has a depth of 11,350 m.", ["It has an area of 11,350 km2."])
    ['11,350 m']
    >>> other_kinds("It is 1,350 km long.", ["about 1,350 mi (2,170 km) long"])
    []
    """
    stated = [stated_units(text) for text in passages]
    out = []
    for value, start, end in number_spans(answer):
        found = unit_at(answer[end:], NOT_AFTER_NUMBER)
        if found is None:
            continue
        theirs = [q for units in stated for q in units.get(value, [])]
        if theirs and all(q is not None and q[0].dimension != found[0].dimension
                          for q in theirs):
            out.append(f"{answer[start:end]} {found[1]}")
    return out


PHYSICAL = ("length", "area", "volume", "mass", "time", "speed")  # what `missing_dimensions` reads
RATE_PERIOD = re.compile(r"\b(?:a|an|per|each|every|one)\s+(\w+(?:\s\w+)?)", re.IGNORECASE)


def asked_dimensions(request: str) -> set[str]:
    """The kinds of quantity (gba.tools.units dimensions, PHYSICAL) a request asks for: those
    of `asked_units`, and both sides of "<unit> per <unit>" ("minutes per kilometre").

    >>> sorted(asked_dimensions("Work out how many litres of fuel my commute uses."))
    ['volume']
    >>> sorted(asked_dimensions("What was my pace, in minutes per kilometre?"))
    ['length', 'time']
    >>> sorted(asked_dimensions("How old was I when Ezra Pound died?"))
    []
    """
    out = {unit.dimension for unit in asked_units(request)}
    for pair in re.finditer(r"\b(\w+)\s+per\s+(\w+)", request, re.IGNORECASE):
        for word in pair.groups():
            unit = _unit(word)
            if unit is not None and unit.dimension in PHYSICAL:
                out.add(unit.dimension)
    return out


def asked_units(request: str) -> list[Unit]:
    """The units of physical quantities (PHYSICAL) a request asks for: a unit after "how
    many" or "how much" ("how many litres of fuel"), or one ending a clause after "in" ("...,
    in metres?"). Not a unit after a number (given), after "a"/"per"/"each" (a rate's period)
    or a capitalised one inside a sentence (a name: "Ezra Pound").

    >>> [u.symbol for u in asked_units("At 5 km an hour, how many minutes does 2 km take?")]
    ['min']
    """
    out: list[Unit] = []
    for unit, name in named_units(request):
        at = request.find(name)
        before, after = request[:at].rstrip(), request[at + len(name):]
        if (re.search(r"\d[\d,.]*$|\b(?:a|an|per|each|every)$", before, re.IGNORECASE)
                or (name[:1].isupper() and before and before[-1] not in ".?!")):
            continue
        if unit.dimension in PHYSICAL and (
                re.search(r"\bhow (?:many|much)(?:\s+\w+)?$", before, re.IGNORECASE)
                or (re.search(r"\bin$", before, re.IGNORECASE)
                    and re.match(r"\s*(?:[?.!,;:]|$)", after))):
            out.append(unit)
    return out


def stated_dimensions(text: str) -> set[str]:
    """The kinds of quantity `text` gives a number of: a unit after a number ("23 km"), a
    rate's period in a clause with a number ("45 euros every week": a time), and what those
    give together (a length and a time give a speed; a speed and either the other; a length
    an area).

    >>> sorted(stated_dimensions("It's 23 km each way, five days a week."))
    ['area', 'length', 'speed', 'time']
    >>> sorted(stated_dimensions("What was my pace, in minutes per kilometre?"))
    []
    """
    dims = {q[0].dimension for units in stated_units(text).values() for q in units if q}
    for rate in RATE_PERIOD.finditer(text):
        clause = re.split(r"[.?!;]", text[:rate.start()])[-1]
        if (number_spans(clause) or word_spans(clause)) and (
                found := unit_at(" " + rate.group(1), NOT_AFTER_NUMBER)):
            dims.add(found[0].dimension)
    for _ in range(2):
        if {"length", "time"} <= dims:
            dims.add("speed")
        if "speed" in dims and dims & {"length", "time"}:
            dims |= {"length", "time"}
        if "length" in dims:
            dims.add("area")
    return dims


def missing_dimensions(request: str, said: str) -> list[str]:
    """The kinds of quantity the request asks for that nothing `said` (the request and the
    steps' results) gives a number of, nor names as a unit elsewhere ("my running times in
    minutes were 39, 42 ..."), where every number said comes with a unit or a currency (a
    bare "7 a night" may be the hours asked for; a year is no quantity): the answer cannot
    come out in them without a number nobody gave ("how many litres of fuel my commute
    uses" from "23 km each way" alone).

    >>> missing_dimensions("How many litres does my commute use?", "It's 23 km each way.")
    ['volume']
    >>> missing_dimensions("How many litres does my commute use?",
    ...                    "It's 23 km each way. My car burns 6.5 litres per 100 km.")
    []
    >>> missing_dimensions("How many hours do I sleep in a week?", "7 a night.")
    []
    """
    asked = asked_dimensions(request)
    if not asked:
        return []
    plain = said.replace("-", " ")  # "a five-day week": five days
    for value, start, end in number_spans(plain) + word_spans(plain):
        year = value == int(value) and 1000 <= value <= 2100 and "," not in plain[start:end]
        unit = unit_at(plain[end:], NOT_AFTER_NUMBER) is not None
        money = MONEY.match(plain, end) is not None or (start > 0 and plain[start - 1] in "€$£")
        if not (year or unit or money):
            return []
    named = {unit.dimension for unit, _ in named_units(said)} - asked
    return sorted(asked - stated_dimensions(said) - named)


def named_units(text: str) -> list[tuple[Unit, str]]:
    """The units `text` names anywhere, as (unit, name), each name's longest reading once:
    a word of two letters or more that is not a COMMON word, or any word right after a
    number ("How many inches ..." names inches, "nautical miles" no miles; "in" and "has"
    name nothing, nor does the "C" of "vitamin C").

    >>> [u.symbol for u, _ in named_units("How many nautical miles is 377 inches? It has 2 m.")]
    ['nmi', 'in', 'm']
    """
    out, covered = [], 0
    for m in WORD.finditer(text):
        after_number = re.search(r"\d\s*$", text[:m.start()]) is not None
        if m.start() < covered or (not after_number and (
                len(m.group()) < 2 or m.group().lower() in COMMON)):
            continue
        if found := unit_at(text[m.start():], NOT_AFTER_NUMBER if after_number else COMMON):
            out.append(found)
            covered = text.index(found[1], m.start()) + len(found[1])
    return out


def _same(a: Unit, b: Unit) -> bool:
    return (a.dimension, a.factor, a.offset) == (b.dimension, b.factor, b.offset)


def _unit(name: object) -> Unit | None:
    try:
        return lookup(str(name))
    except ValueError:
        return None


def conversions(code: str) -> list[tuple[ast.expr, Unit, Unit]]:
    """The `convert(value, "from", "to")` calls in `code` whose two units are known."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    out = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "convert" and len(node.args) == 3
                and all(isinstance(a, ast.Constant) for a in node.args[1:])):
            source, target = _unit(node.args[1].value), _unit(node.args[2].value)
            if source and target:
                out.append((node.args[0], source, target))
    return out


def unsourced_conversion(code: str, given: list[float]) -> float | None:
    """A number `code` converts as written that is none of the `given` numbers (the request's
    and the earlier steps' results), or None: a value converted must be one somebody stated,
    though a small count may otherwise be written freely (`convert(16, "km", "mi")` when no
    search found the river's length).

    >>> unsourced_conversion('result = convert(16, "km", "mi")', [2340.0])
    16.0
    >>> unsourced_conversion('result = convert(2340, "mi", "km")', [2340.0])
    """
    for value, _, _ in conversions(code):
        if (isinstance(value, ast.Constant) and type(value.value) in (int, float)
                and not any(math.isclose(abs(float(value.value)), x) for x in given)):
            return abs(float(value.value))
    return None


def misread_units(code: str, given: str, asked: str | None = None) -> str | None:
    """Why the conversions in `code` misread the units, in one line, or None. `given` holds
    the numbers and their units (the request and earlier observations); `asked` the user's
    words (default: `given`), whose units the code must reach when it converts between
    units of their kind."""
    calls = conversions(code)
    if not calls:
        return None
    stated = stated_units(given)
    for value, source, _ in calls:
        if isinstance(value, ast.Constant) and type(value.value) in (int, float):
            places = stated.get(float(value.value), [])
            if None in places:  # written somewhere without a unit: the words do not settle it
                continue
            units = [(u, w) for u, w in places if u.dimension == source.dimension]
            if units and not any(_same(u, source) for u, _ in units):
                unit, written = units[0]
                return (f'{value.value:g} is given in {unit.symbol} (as "{written}"): '
                        f'write convert({value.value:g}, "{unit.symbol}", ...)')
    used = [u for _, source, target in calls for u in (source, target)]
    kinds = {u.dimension for u in used}
    for unit, name in named_units(given if asked is None else asked):
        if unit.dimension in kinds and not any(_same(unit, u) for u in used):
            return (f'the request asks for {name}, a unit the code never uses: '
                    f'convert(..., "{unit.symbol}")')
    return None


def _settled(value: ast.expr, stated: dict[float, list[tuple[Unit, str] | None]]
             ) -> tuple[float, Unit] | None:
    """A number written in code, with the one unit the words give it wherever they write it
    (None: not a number, written without a unit somewhere, or with units that differ)."""
    if not (isinstance(value, ast.Constant) and type(value.value) in (int, float)):
        return None
    places = stated.get(float(value.value), [])
    if not places or None in places or any(not _same(u, places[0][0]) for u, _ in places):
        return None
    return float(value.value), places[0][0]


def _mixed(code: str, given: str) -> list[tuple[ast.expr, tuple[float, Unit], tuple[float, Unit], str]]:
    """The pairs of numbers `code` compares (min, max) or combines (one +, - or / between two
    numbers) that the words give in different units of one kind: (the second number's node,
    the first (value, unit), the second, "compares" or "combines")."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    stated = stated_units(given)
    out = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("min", "max") and node.args):
            first, verb, others = node.args[0], "compares", node.args[1:]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Div)):
            first, verb, others = node.left, "combines", [node.right]
        else:
            continue
        x = _settled(first, stated)
        for other in others:
            y = _settled(other, stated)
            if x and y and x[1].dimension == y[1].dimension and not _same(x[1], y[1]):
                out.append((other, x, y, verb))
    return out


def mixed_units(code: str, given: str) -> str | None:
    """Why `code` compares or combines two numbers the words give in different units of one
    kind, in one line, or None: `max(3180, 2341)` for "3,180 km" against "2,341 mi" picks by
    the digits, not by the lengths (`matched_units` mends it).

    >>> mixed_units("result = max(3180, 2341)", "The Indus is 3,180 km. The Missouri is 2,341 mi.")
    'the code compares 3180 (km) with 2341 (mi): convert one to the unit of the other first, e.g. convert(2341, "mi", "km")'
    >>> mixed_units("result = max(3180, 3767)", "The Indus is 3,180 km. The Missouri is 3,767 km.")
    """
    for _, x, y, verb in _mixed(code, given):
        return (f"the code {verb} {x[0]:g} ({x[1].symbol}) with {y[0]:g} ({y[1].symbol}): "
                f"convert one to the unit of the other first, e.g. "
                f'convert({y[0]:g}, "{y[1].symbol}", "{x[1].symbol}")')
    return None


def matched_units(code: str, given: str) -> str:
    """`code` with each number it compares or combines with one of another unit of the same
    kind (`mixed_units`) converted to the first one's unit, as written in the code: the words
    settle both units, so the model need not be asked.

    >>> matched_units("result = max(3180, 2341)", "The Indus is 3,180 km. The Missouri is 2,341 mi.")
    'result = max(3180, convert(2341, "mi", "km"))'
    """
    lines = code.split("\n")
    for node, x, y, _ in sorted(_mixed(code, given), key=lambda m: (m[0].lineno, m[0].col_offset),
                                reverse=True):
        if node.lineno != node.end_lineno:
            continue
        line = lines[node.lineno - 1]
        start, end = _char(line, node.col_offset), _char(line, node.end_col_offset)
        lines[node.lineno - 1] = (line[:start] + f'convert({line[start:end]}, '
                                  f'"{y[1].symbol}", "{x[1].symbol}")' + line[end:])
    return "\n".join(lines)


def _char(line: str, byte_offset: int | None) -> int:
    """ast's UTF-8 byte offset in `line` as a character index."""
    return len(line.encode("utf-8")[:byte_offset or 0].decode("utf-8", "ignore"))
