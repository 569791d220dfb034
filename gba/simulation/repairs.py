"""Repair turns for the calculation role: a wrong code the runtime catches, then the right one.

At inference, code that a check refuses (gba.tools.calculate.check_and_run: a period nobody
named, a rate turned the wrong way, a number cancelled out, an amount below zero, a ratio
that never divides...) is shown back to the model with the fix in one line, and code that
leaves out a number the user gave is shown back with the numbers it left out. Until now the
model met those turns only at inference, and rarely followed them. Here the simulation makes
such turns from its own correct calculations: the reference code is changed the way small
models get code wrong (`mutations`: an operand dropped, an operator turned, operands swapped,
a calendar factor added, a number taken from itself), each change is put through the very
checks the tool runs, and the first one they catch becomes a turn: the wrong code, the
message the tool would show, and the reference code as the target. Changes the checks let
through are never used, so every turn trains on a message the model will really see.

Leaves out how the turns become training examples (gba.simulation.package) and the checks
themselves (gba.tools.calculate and the modules it imports).

>>> [m for m in mutations("result = 850 * 12")][:3]
['result = 850', 'result = 12', 'result = 850 / 12']
>>> wrong = [caught("I pay 850 euros a month in rent. What is that in a year?",
...                  "Multiply 850 by 12.", [], "result = 850 * 12", random.Random(seed))
...          for seed in (1, 0)]
>>> wrong[0][0], wrong[0][1].split(":")[0]
('result = 850', 'the code gives an amount per month, but the request asks about a year')
>>> wrong[1][0], wrong[1][1].split(":")[0]
('result = 850 / 12', 'the code turns 850 a month into 70.83333333333333 for a year, but a year \
is longer than a month')
"""

from __future__ import annotations

import ast
import math
import random
from datetime import date, timedelta

from gba.numbers import as_number
from gba.tools.calculate import check_and_run, grounds_for, required_for
from gba.tools.coverage import left_out
from gba.tools.sandbox import SandboxResult, _safe_repr
from gba.tools.units import convert
from gba.trajectory import Step

REPAIR_SHARE = 0.3  # of the calculation examples packaged, the share also given a repair turn
TRIED = 8  # changes tried per calculation before giving up on it
CALENDAR = (12, 52, 365, 7, 24, 60)  # factors a wrong code multiplies by without a reason
CALENDAR_SHARE = 0.3  # of the calculations, those that may also try one such factor (last)
NAMES = {name: getattr(math, name) for name in ("sqrt", "log", "exp", "sin", "cos", "pi",
                                                 "floor", "ceil")}
NAMES.update(convert=convert, round=round, sum=sum, min=min, max=max, abs=abs, date=date,
             timedelta=timedelta)


def quick_run(code: str) -> SandboxResult:
    """The value of the simulation's own (trusted) code in-process, as the sandbox reports it;
    code that does not evaluate comes back as an error."""
    scope = dict(NAMES)
    try:
        exec(compile(code, "<code>", "exec"), {"__builtins__": {}}, scope)  # noqa: S102 - own code
        value = scope.get("result")
        if isinstance(value, timedelta):
            value = value.days
        shown = None if value is None else _safe_repr(value)
        return SandboxResult(ok=shown is not None, value=shown,
                             error=None if shown is not None else "no value")
    except Exception as exc:  # noqa: BLE001 - any failure of changed code is just a failure
        return SandboxResult(ok=False, error=f"{type(exc).__name__}: {exc}")


def _binops(tree: ast.AST) -> list[ast.BinOp]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.BinOp)]


def mutations(code: str) -> list[str]:
    """Wrong versions of `code`, in a fixed order: each arithmetic operation in turn replaced
    by its left or right operand, its operator turned (* and /, + and -), its operands swapped
    (- and /), a number taken from itself; then the whole multiplied by a calendar factor
    (`caught` tries one of those, so they do not crowd out the rest)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    out: list[str] = []

    def changed(index: int, change) -> None:
        copy = ast.parse(code)
        node = _binops(copy)[index]
        replaced = change(node)
        if replaced is not None:
            _replace(copy, node, replaced)
            out.append(ast.unparse(copy))

    turned = {ast.Mult: ast.Div, ast.Div: ast.Mult, ast.Add: ast.Sub, ast.Sub: ast.Add}
    for i, node in enumerate(_binops(tree)):
        changed(i, lambda b: b.left)
        changed(i, lambda b: b.right)
        if type(node.op) in turned:
            changed(i, lambda b: ast.BinOp(b.left, turned[type(b.op)](), b.right))
        if isinstance(node.op, (ast.Sub, ast.Div)):
            changed(i, lambda b: ast.BinOp(b.right, b.op, b.left))
        if isinstance(node.op, ast.Sub) and isinstance(node.right, ast.Constant):
            changed(i, lambda b: ast.BinOp(b.right, b.op, b.right))
    last = tree.body[-1] if tree.body else None
    if isinstance(last, ast.Assign) and len(tree.body) == 1:
        for factor in CALENDAR:
            value = ast.BinOp(last.value, ast.Mult(), ast.Constant(factor))
            out.append(ast.unparse(ast.Module(body=[ast.Assign(
                targets=last.targets, value=value, lineno=1)], type_ignores=[])))
    return list(dict.fromkeys(c for c in out if c != code))


def _replace(tree: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
            elif isinstance(value, list):
                for k, item in enumerate(value):
                    if item is old:
                        value[k] = new


def caught(request: str, task: str, previous_steps: list[Step], code: str,
           rng: random.Random) -> tuple[str, str | None, list[float]] | None:
    """A wrong version of `code` that the tool would not keep, with why: (wrong code, the
    checks' error, []) or (wrong code, None, the numbers it leaves out). None when `code`
    itself would not be kept or no change tried (TRIED, drawn by `rng`) is caught."""
    grounds = grounds_for(request, task, previous_steps)
    right = check_and_run(code, grounds, quick_run)
    required = required_for(request, task, previous_steps)
    if not right.ok or left_out(code, required, previous_steps):
        return None
    value = as_number(right.value)
    options = mutations(code)
    calendar = [c for c in options if c.endswith(tuple(f" * {f}" for f in CALENDAR))]
    options = rng.sample([c for c in options if c not in calendar], min(TRIED, len(options)
                                                                        - len(calendar)))
    if calendar and rng.random() < CALENDAR_SHARE:  # a factor nobody named: now and then
        options.append(rng.choice(calendar))
    for wrong in options:
        ran = quick_run(wrong)
        if not ran.ok or _same(as_number(ran.value), value):
            continue  # broken (the sandbox would word that otherwise), or not wrong
        outcome = check_and_run(wrong, grounds, lambda _code, ran=ran: ran)
        if not outcome.ok and outcome.error:
            return wrong, outcome.error, []
        if missing := left_out(wrong, required, previous_steps):
            return wrong, None, missing
    return None


def _same(a: float | None, b: float | None) -> bool:
    return a is None or b is None or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
