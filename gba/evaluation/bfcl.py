"""BFCL v4 `simple_python` as an external check of the generic function-calling module.

The Berkeley Function Calling Leaderboard ships its questions and possible answers inside
the `bfcl-eval` wheel on PyPI. Nothing of it is vendored or installed here: `find_wheel`
takes a wheel path (argument or `GBA_BFCL_WHEEL`, a file or a folder holding one), a wheel
already downloaded under gba's cache, or, when online, runs
`python -m pip download bfcl-eval --no-deps -d ~/.cache/gba/bfcl`; `load_cases` reads the
two JSON-lines files out of the zip. Every case is one user request and one function, so
`fill_arguments` (which never picks the function) is scored on the arguments alone.

`check_call` is written from BFCL's documented possible-answer format, not copied from its
checker: each parameter maps to the list of values it may take; `""` in that list means the
parameter may be left out; every required parameter must be given, no parameter outside the
possible answer may be given; types must match the function's declared type (an integer is
accepted for a `float`, as Python does); strings compare case-insensitively ignoring spaces
and `,./-_*^`; lists compare item by item in order; nested dicts key by key with the same
rules. The first failing rule names the error category; `invalid_output` is output that did
not validate, `spec_error` a spec the module could not turn into a model.

Leaves out BFCL's other categories (multiple, parallel, live, multi-turn), its executable
checks and its prompt formats: the prompt is gba's own (gba.tools.function_call).

>>> fn = {"name": "area", "parameters": {"type": "dict", "required": ["base"], "properties": {
...       "base": {"type": "integer"}, "unit": {"type": "string"}}}}
>>> check_call(fn, {"base": [10], "unit": ["cm", ""]}, {"base": 10})
(True, '')
>>> check_call(fn, {"base": [10], "unit": ["cm", ""]}, {"base": 10, "unit": "inches"})
(False, 'wrong_value')
>>> check_call(fn, {"base": [10], "unit": ["cm", ""]}, {"base": "10"})
(False, 'wrong_type')
"""

from __future__ import annotations

import glob
import json
import math
import os
import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from tqdm import tqdm

from gba.client.base import LLMClient
from gba.errors import GBAError
from gba.paths import cache_dir

WHEEL_ENV = "GBA_BFCL_WHEEL"
CATEGORY = "simple_python"
ERRORS = ("spec_error", "invalid_output", "missing_required", "unexpected_param", "wrong_type",
          "wrong_value", "missing_param")


class BFCLCase(BaseModel):
    """One BFCL question: the user's request, the one function, and its possible answer."""

    id: str
    question: str
    function: dict[str, Any]
    answer: dict[str, list[Any]]


def _wheels_in(folder: Path) -> list[Path]:
    return sorted(Path(p) for p in glob.glob(str(folder / "bfcl_eval-*.whl")))


def find_wheel(path: str | os.PathLike | None = None, *, download: bool = True) -> Path:
    """The `bfcl-eval` wheel: `path`, else $GBA_BFCL_WHEEL, else one in gba's cache, else
    downloaded there with pip (needs the network). Raises GBAError saying how to get it."""
    given = path or os.environ.get(WHEEL_ENV)
    if given:
        p = Path(given).expanduser()
        found = [p] if p.is_file() else _wheels_in(p) if p.is_dir() else []
        if not found:
            raise GBAError(f"no bfcl-eval wheel at {p}: download one with `pip download "
                           f"bfcl-eval --no-deps -d DIR` and pass DIR (or the .whl file)")
        return found[-1]
    folder = cache_dir("bfcl")
    found = _wheels_in(folder)
    if found:
        return found[-1]
    if download:
        folder.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([sys.executable, "-m", "pip", "download", "bfcl-eval",
                               "--no-deps", "-d", str(folder)], capture_output=True, text=True)
        found = _wheels_in(folder)
        if done.returncode == 0 and found:
            return found[-1]
    raise GBAError(f"the bfcl-eval wheel is not in {folder} and could not be downloaded: run "
                   f"`pip download bfcl-eval --no-deps -d {folder}` where the network is "
                   f"reachable, or set {WHEEL_ENV} to a downloaded wheel")


def _jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def load_cases(wheel: str | os.PathLike, category: str = CATEGORY) -> list[BFCLCase]:
    """The cases of `category` read from the wheel (questions joined with possible answers)."""
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()

        def member(suffix: str) -> str:
            hits = [n for n in names if n.endswith(suffix)]
            if not hits:
                raise GBAError(f"{wheel} has no {suffix}: is it a bfcl-eval v4 wheel?")
            return hits[0]

        questions = _jsonl(zf.read(member(f"data/BFCL_v4_{category}.json")).decode())
        answers = {a["id"]: a for a in _jsonl(
            zf.read(member(f"data/possible_answer/BFCL_v4_{category}.json")).decode())}
    cases = []
    for q in questions:
        (fn,) = q["function"]
        ((name, params),) = answers[q["id"]]["ground_truth"][0].items()
        if name != fn["name"]:
            raise GBAError(f"{q['id']}: the answer calls {name}, the question offers {fn['name']}")
        text = "\n".join(m["content"] for turn in q["question"] for m in turn
                         if m["role"] == "user")
        cases.append(BFCLCase(id=q["id"], question=text, function=fn, answer=params))
    return cases


# --- checking ---------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return re.sub(r"[ ,./\-_*^]", "", text).lower().replace("'", '"')


def type_ok(node: dict[str, Any], value: Any) -> bool:
    """Does `value` have the type the (BFCL-flavoured) schema node declares?"""
    kind = node.get("type", "any")
    if kind in ("integer", "int"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("float", "number"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind in ("string", "str"):
        return isinstance(value, str)
    if kind in ("boolean", "bool"):
        return isinstance(value, bool)
    if kind in ("array", "tuple", "list"):
        item = node.get("items")
        return isinstance(value, list) and (not item or all(type_ok(item, v) for v in value))
    if kind in ("dict", "object"):
        if not isinstance(value, dict):
            return False
        props = node.get("properties", {})
        return all(type_ok(props[k], v) for k, v in value.items() if k in props)
    return True


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, str):
        return isinstance(got, str) and _norm(got) == _norm(want)
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    if isinstance(want, int | float):
        return isinstance(got, int | float) and math.isclose(got, want, rel_tol=1e-9)
    if isinstance(want, list):
        return (isinstance(got, list) and len(got) == len(want)
                and all(_same(g, w) for g, w in zip(got, want, strict=True)))
    if isinstance(want, dict):
        return isinstance(got, dict) and _dict_ok(want, got)
    return got == want


def _dict_ok(want: dict[str, list[Any]], got: dict[str, Any]) -> bool:
    """A nested dict against a possible answer of the same shape (key -> acceptable values);
    a plain dict (no lists of options) must match key by key."""
    if not all(isinstance(v, list) for v in want.values()):
        return set(want) == set(got) and all(_same(got[k], want[k]) for k in want)
    if set(got) - set(want):
        return False
    return all((k in got and any(_same(got[k], o) for o in opts)) or (k not in got and "" in opts)
               for k, opts in want.items())


def failure(function: dict[str, Any], answer: dict[str, list[Any]], got: dict[str, Any]
            ) -> tuple[str, str]:
    """(error category, parameter it is about) of one call's arguments; ('', '') if correct."""
    params = function.get("parameters", {})
    props = params.get("properties", {})
    for name in params.get("required", []):
        if name not in got:
            return "missing_required", name
    for name in got:
        if name not in answer:
            return "unexpected_param", name
    for name, value in got.items():
        if not type_ok(props.get(name, {}), value):
            return "wrong_type", name
    for name, options in answer.items():
        if name not in got:
            if "" not in options:
                return "missing_param", name
        elif not any(_same(got[name], o) for o in options if o != "" or got[name] == ""):
            return "wrong_value", name
    return "", ""


def check_call(function: dict[str, Any], answer: dict[str, list[Any]], got: dict[str, Any]
               ) -> tuple[bool, str]:
    """(correct, error category or '') for the arguments `got` of one call."""
    category, _ = failure(function, answer, got)
    return not category, category


# --- running and summarizing ------------------------------------------------------------------

def wilson_interval(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a proportion k/n (95% by default).

    >>> [round(x, 3) for x in wilson_interval(8, 10)]
    [0.49, 0.943]
    """
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def run_case(client: LLMClient, case: BFCLCase) -> dict[str, Any]:
    """Fill one case's arguments and check them; one JSON-ready row."""
    from gba.tools.function_call import fill_arguments

    try:
        parsed, completion = fill_arguments(client, case.question, case.function)
        got = parsed.model_dump(mode="json", exclude_unset=True, by_alias=True)
        error, param = failure(case.function, case.answer, got)
        ok = not error
        seconds = round(completion.timings.total_s, 3)
    except GBAError as exc:
        got, ok, error, seconds, param = {}, False, "invalid_output", None, ""
        detail = str(exc)[:300]
    except (TypeError, ValueError, NameError) as exc:  # a spec the module cannot model
        got, ok, error, seconds, param = {}, False, "spec_error", None, ""
        detail = f"{type(exc).__name__}: {exc}"[:300]
    else:
        detail = ""
    return {"id": case.id, "function": case.function["name"], "correct": ok, "error": error,
            "param": param, "got": got, "seconds": seconds, "detail": detail}


def run(client: LLMClient, cases: list[BFCLCase], out: str | os.PathLike, *,
        progress: bool = True) -> list[dict[str, Any]]:
    """Run every case not yet in the JSON-lines file `out` (one row appended per case, so an
    interrupted run resumes), and return all rows of `out` for these cases."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = {r["id"]: r for r in _read_rows(out)}
    todo = [c for c in cases if c.id not in done]
    with open(out, "a", encoding="utf-8") as f:
        for case in tqdm(todo, desc="bfcl " + out.stem, disable=not progress,
                         initial=len(cases) - len(todo), total=len(cases)):
            row = run_case(client, case)
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
            f.flush()
            done[case.id] = row
    return [done[c.id] for c in cases if c.id in done]


def _read_rows(path: Path) -> Iterable[dict[str, Any]]:
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def recheck(rows: list[dict[str, Any]], cases: list[BFCLCase]) -> list[dict[str, Any]]:
    """Rows judged again by today's checker (the model's arguments are kept as they were),
    with the failing parameter's declared type; rows of other cases are dropped."""
    by_id = {c.id: c for c in cases}
    out = []
    for row in rows:
        case = by_id.get(row["id"])
        if case is None:
            continue
        row = dict(row)
        if row["error"] not in ("invalid_output", "spec_error"):
            row["error"], row["param"] = failure(case.function, case.answer, row["got"])
            row["correct"] = not row["error"]
        node = case.function["parameters"].get("properties", {}).get(row.get("param") or "", {})
        row["param_type"] = ("enum" if "enum" in node else node.get("type", "")) if node else ""
        out.append(row)
    return out


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy with its Wilson 95% interval, the count of each error category and of each
    (category, declared type of the failing parameter) when rows carry it."""
    n = len(rows)
    k = sum(bool(r["correct"]) for r in rows)
    low, high = wilson_interval(k, n)
    errors = Counter(r["error"] for r in rows if not r["correct"])
    return {"n": n, "correct": k, "accuracy": round(k / n, 4) if n else 0.0,
            "wilson95": [round(low, 4), round(high, 4)],
            "errors": {e: errors.get(e, 0) for e in ERRORS},
            "by_type": dict(sorted(Counter(f"{r['error']}:{r.get('param_type') or '-'}"
                                           for r in rows if not r["correct"]).items()))}
