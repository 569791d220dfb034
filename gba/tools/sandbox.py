"""Run a small untrusted Python program (a calculation an LLM wrote) without risk to the host.

Two layers. (1) `check_code` refuses, with a clear message, imports (but `math`,
`statistics` and `datetime`, which are preloaded; `datetime` holds only `date` and `timedelta`,
also at top level, for date arithmetic), dunder names, attributes and strings, frame internals,
classes, `with`, `yield` and names such as `open`, `eval`, `getattr` or `os`; the rest runs
in asteval, a maintained restricted interpreter (no imports or unsafe attributes, capped
exponents and string sizes) with `open` removed and math functions and the unit converter
`convert(value, "from", "to")` (gba.tools.units) added. (2) asteval runs
in a forked child with resource limits (address space may grow by `memory_mb`, CPU
seconds, no file writes, no new files or processes) and a wall-clock timeout after which
the parent kills it, so the caller never hangs.

Fork was chosen by measurement against multiprocessing's forkserver and a fresh `python -c`
(asteval imports numpy): benchmarks/sandbox_overhead.py prints the per-call overhead. POSIX
only.

Leaves out asking a model for code and repairing it (gba.tools.calculate).

>>> run_code("6 * 7").value
'42'
>>> run_code('result = convert(3.2, "mi", "km")').value
'5.1499008'
>>> run_code("import os").error
'refused: imports are not allowed (only math, statistics and datetime, which are already loaded)'
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import math
import os
import re
import select
import signal
import statistics
import sys
import time
import types
import warnings
from typing import Any

from pydantic import BaseModel

from gba.errors import GBAError
from gba.text import MARKER, clip
from gba.tools.units import convert

MAX_CODE_CHARS = 20_000
MAX_VALUE_CHARS = 2_000
MAX_STDOUT_CHARS = 4_000
MAX_ERROR_CHARS = 1_000
MAX_PAYLOAD_BYTES = 1 << 20
HEADROOM_MB = 32  # extra address space released after the code ran, to report the outcome

ALLOWED_IMPORTS = {"math", "statistics", "datetime"}
FORBIDDEN_NAMES = set("""
    eval exec compile open input breakpoint help exit quit globals locals vars dir getattr
    setattr delattr hasattr memoryview object super classmethod staticmethod property os sys
    subprocess socket shutil pathlib importlib builtins ctypes io signal threading
    multiprocessing resource urllib http requests pickle marshal gc inspect pty asyncio
    tempfile glob fcntl mmap posix
""".split())
FORBIDDEN_ATTRS = set("""
    gi_frame gi_code gi_yieldframe cr_frame cr_code ag_frame ag_code f_globals f_locals
    f_builtins f_back f_code tb_frame tb_next func_globals func_code func_closure im_func
    im_self im_class mro
""".split())
FORBIDDEN_NODES = {
    ast.ClassDef: "class definitions are not allowed",
    (ast.AsyncFunctionDef, ast.Await, ast.AsyncFor, ast.AsyncWith): "async code is not allowed",
    ast.With: "`with` statements are not allowed (there are no files)",
    (ast.Global, ast.Nonlocal): "`global` and `nonlocal` are not allowed",
    (ast.Yield, ast.YieldFrom): "generators (`yield`) are not allowed",
}


class SandboxResult(BaseModel):
    """Outcome of one run: `value` is the repr of the last expression (or of `result`),
    `stdout` the captured print output, `error` a human-readable reason when `ok` is False."""

    ok: bool
    value: str | None = None
    stdout: str = ""
    error: str | None = None
    duration_s: float = 0.0


class RefusedError(ValueError):
    """The code was refused before running; the message says why."""


def check_code(code: str) -> str:
    """Vet `code` and return the source to run (imports of preloaded modules rewritten,
    generator expressions turned into lists, which asteval supports).

    Raises RefusedError for forbidden constructs and SyntaxError for broken code.
    """
    if len(code) > MAX_CODE_CHARS:
        raise RefusedError(f"the code is longer than {MAX_CODE_CHARS} characters")
    tree = ast.parse(code)
    for node in ast.walk(tree):
        _check_node(node)
    rewriter = _Rewriter()
    tree = ast.fix_missing_locations(rewriter.visit(tree))
    return ast.unparse(tree) if rewriter.changed else code


def _check_node(node: ast.AST) -> None:
    for kind, reason in FORBIDDEN_NODES.items():
        if isinstance(node, kind):
            raise RefusedError(reason)
    if isinstance(node, ast.Import | ast.ImportFrom):
        modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
        if getattr(node, "level", 0) or any(m not in ALLOWED_IMPORTS for m in modules):
            raise RefusedError(
                "imports are not allowed (only math, statistics and datetime, which are already loaded)")
    names = []
    if isinstance(node, ast.Name):
        names = [node.id]
    elif isinstance(node, ast.Attribute):
        names = [node.attr]
        if node.attr in FORBIDDEN_ATTRS:
            raise RefusedError(f"the attribute `{node.attr}` is not allowed")
    elif isinstance(node, ast.FunctionDef):
        names = [node.name]
    elif isinstance(node, ast.arg | ast.keyword) and node.arg:
        names = [node.arg]
    elif isinstance(node, ast.alias):
        names = [n for n in (node.name, node.asname) if n]
    elif isinstance(node, ast.Constant) and isinstance(node.value, str | bytes):
        if "__" in str(node.value):
            raise RefusedError("strings containing '__' are not allowed (dunder access)")
    for name in names:
        if name.startswith("__") or name.endswith("__"):
            raise RefusedError(f"dunder names such as `{name}` are not allowed")
        if isinstance(node, ast.Name) and name in FORBIDDEN_NAMES:
            raise RefusedError(
                f"`{name}` is not allowed (no files, network, processes, imports or introspection)")


class _Rewriter(ast.NodeTransformer):
    """`import math as m` -> `m = math`, `from math import sqrt` -> `sqrt = math.sqrt`,
    `(x for x in xs)` -> `[x for x in xs]`."""

    changed = False

    def visit_Import(self, node: ast.Import) -> list[ast.stmt]:
        self.changed = True
        return [_assign(a.asname or a.name, ast.Name(a.name, ast.Load())) for a in node.names]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> list[ast.stmt]:
        self.changed = True
        module = ast.Name(node.module or "", ast.Load())
        return [_assign(a.asname or a.name, ast.Attribute(module, a.name, ast.Load()))
                for a in node.names if a.name != "*"] or [ast.Pass()]

    def visit_GeneratorExp(self, node: ast.GeneratorExp) -> ast.ListComp:
        self.changed = True
        self.generic_visit(node)
        return ast.ListComp(node.elt, node.generators)


def _assign(name: str, value: ast.expr) -> ast.stmt:
    if isinstance(value, ast.Name) and value.id == name:
        return ast.Pass()
    return ast.Assign([ast.Name(name, ast.Store())], value)


def _math_symbols() -> dict[str, Any]:
    """Extra symbols: `math` and `statistics` as plain namespaces, the newer math functions
    and common statistics at top level (asteval already has sin, sqrt, log, ...), and the
    unit converter `convert`."""
    public = {k: getattr(math, k) for k in dir(math) if not k.startswith("_")}
    stats = {k: getattr(statistics, k) for k in (
        "mean", "fmean", "median", "mode", "stdev", "pstdev", "variance", "pvariance",
        "geometric_mean", "harmonic_mean")}
    extra = {k: public[k] for k in (
        "comb", "perm", "gcd", "lcm", "isqrt", "prod", "log2", "inf", "nan", "tau",
        "isclose", "dist", "cbrt", "exp2") if k in public}
    import datetime

    dates = {"date": datetime.date, "timedelta": datetime.timedelta}  # date arithmetic only
    return {"math": types.SimpleNamespace(**public), "datetime": types.SimpleNamespace(**dates),
            "statistics": types.SimpleNamespace(**stats), **extra, **stats, **dates,
            "convert": convert}


def _check_variables(variables: dict[str, Any] | None) -> dict[str, Any]:
    for name in variables or {}:
        if not name.isidentifier() or name.startswith("_"):
            raise ValueError(f"variable name {name!r} is not a plain identifier")
    try:
        json.dumps(variables or {})
    except (TypeError, ValueError) as exc:
        raise ValueError(f"variables must be plain JSON data (numbers, strings, lists, dicts): "
                         f"{exc}") from None
    return dict(variables or {})


class _CappedWriter(io.StringIO):
    """Collects print output up to `limit` characters and counts the rest."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit, self.dropped = limit, 0

    def write(self, s: str) -> int:
        room = max(0, self.limit - self.tell())
        super().write(s[:room])
        self.dropped += len(s[room:])
        return len(s)

    def text(self) -> str:
        return self.getvalue() + (MARKER if self.dropped else "")


def _safe_repr(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an int too long to print (Python's digit limit)
        if not isinstance(value, int):
            raise
        exponent, fraction = divmod(math.log10(abs(value)), 1)
        sign = "-" if value < 0 else ""
        return (f"an integer with {int(exponent) + 1} digits, about "
                f"{sign}{10 ** fraction:.6f}e+{int(exponent)}")
    return clip(text, MAX_VALUE_CHARS)


def _limit_resources(memory_mb: int, timeout_s: float) -> None:
    """In the child: cap address space growth, CPU time, file writes, new files and processes."""
    import resource

    try:
        with open("/proc/self/statm") as f:
            base = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        base = 0
    soft = base + memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (soft, soft + HEADROOM_MB * 2**20))
    cpu = math.ceil(timeout_s) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write then fails instead of killing us
    for limit in ("RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_NPROC", "RLIMIT_CORE"):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            resource.setrlimit(getattr(resource, limit), (0, 0))


def _evaluate(source: str, variables: dict[str, Any], memory_mb: int, use_numpy: bool,
              symbols: dict[str, Any]) -> dict[str, Any]:
    from asteval import Interpreter

    out = _CappedWriter(MAX_STDOUT_CHARS)
    interp = Interpreter(use_numpy=use_numpy, writer=out, err_writer=out,
                         max_statement_length=MAX_CODE_CHARS,
                         config={"import": False, "importfrom": False})
    for name in FORBIDDEN_NAMES:
        interp.symtable.pop(name, None)
    interp.symtable.update(symbols)
    interp.symtable.update(variables)
    value = interp.eval(source, show_errors=False, raise_errors=False)
    if interp.error:
        return {"error": _describe_error(interp.error[0], memory_mb, multiline="\n" in source),
                "stdout": out.text()}
    if value is None:
        value = interp.symtable.get("result")
    return {"value": None if value is None else _safe_repr(value), "stdout": out.text()}


# asteval's wrapping of an error raised in a function call; the arguments are in the code
CALL_ERROR = re.compile(r"Error running function '([^']*)' with args '.*?' and kwargs \{.*?\}: ",
                        re.DOTALL)


def _describe_error(err: Any, memory_mb: int, multiline: bool) -> str:
    """One line: 'ValueError: convert: unknown unit ...' (line number for longer code)."""
    name = getattr(err.exc, "__name__", "Error")
    if name == "MemoryError":
        return f"memory limit of {memory_mb} MB exceeded"
    msg = CALL_ERROR.sub(r"\1: ", str(err.msg or ""), count=1).strip().splitlines()
    text = f"{name}: {msg[0] if msg else 'failed'}"
    if multiline and getattr(err, "lineno", None):
        text += f" (line {err.lineno})"
    return clip(text, MAX_ERROR_CHARS)


def _child_main(job: dict[str, Any]) -> dict[str, Any]:
    """In the child: apply the limits, evaluate, and return the outcome as plain data."""
    sys.stdout = sys.stderr = io.StringIO()  # nothing reaches the host's streams
    symbols = _math_symbols()
    memory_mb = job["memory_mb"]
    try:
        _limit_resources(memory_mb, job["timeout_s"])
        payload = _evaluate(job["source"], job["variables"], memory_mb, job["use_numpy"], symbols)
    except MemoryError:
        payload = {"error": f"memory limit of {memory_mb} MB exceeded"}
    except BaseException as exc:  # report anything else rather than die silently
        payload = {"error": clip(f"{type(exc).__name__}: {exc}", MAX_ERROR_CHARS)}
    import resource  # give back the headroom so the outcome can be reported

    resource.setrlimit(resource.RLIMIT_AS, (resource.getrlimit(resource.RLIMIT_AS)[1],) * 2)
    return payload


def _death_reason(exitcode: int | None, timeout_s: float, memory_mb: int) -> str:
    reasons = {-signal.SIGXCPU: f"timed out after {timeout_s} s (CPU limit)",
               -signal.SIGKILL: f"killed by the system (probably the memory limit of {memory_mb} MB)",
               -signal.SIGSEGV: "crashed (probably recursion too deep or out of memory)"}
    return reasons.get(exitcode, f"the sandbox process died unexpectedly (exit code {exitcode})")


def run_code(code: str, *, timeout_s: float = 2.0, memory_mb: int = 256,
             variables: dict[str, Any] | None = None, use_numpy: bool = False) -> SandboxResult:
    """Run `code` in the sandbox and describe the outcome; never raises for bad code.

    `variables` (plain data) are predefined names. The value is that of the last expression,
    else of a variable named `result`.

    >>> run_code("total = price * 3\\nresult = total + 1", variables={"price": 2}).value
    '7'
    """
    started = time.perf_counter()
    try:
        source = check_code(code)
    except RefusedError as exc:
        payload = {"error": f"refused: {exc}"}
    except SyntaxError as exc:
        payload = {"error": f"SyntaxError: {exc.msg} (line {exc.lineno})"}
    except (RecursionError, MemoryError, ValueError):  # absurdly nested or odd input
        payload = {"error": "refused: the code could not be parsed safely"}
    else:
        payload = execute(source, timeout_s=timeout_s, memory_mb=memory_mb,
                          variables=_check_variables(variables), use_numpy=use_numpy)
    return SandboxResult(ok=payload.get("error") is None, value=payload.get("value"),
                         stdout=payload.get("stdout", ""), error=payload.get("error"),
                         duration_s=time.perf_counter() - started)


def execute(source: str, *, timeout_s: float, memory_mb: int, variables: dict[str, Any],
            use_numpy: bool = False) -> dict[str, Any]:
    """The second layer alone: evaluate already vetted `source` with asteval in a limited
    child process. Returns a dict with `value`, `stdout` and/or `error`. Use `run_code`."""
    if not hasattr(os, "fork"):
        raise GBAError("the calculation sandbox needs os.fork and resource limits (Linux or "
                       "macOS); on Windows, run gba under WSL")
    job = {"source": source, "variables": variables, "memory_mb": memory_mb,
           "timeout_s": timeout_s, "use_numpy": use_numpy}
    return _execute_forked(job)


def _execute_forked(job: dict[str, Any]) -> dict[str, Any]:
    """os.fork directly (multiprocessing refuses to start children from daemonic pool
    workers); the child writes its outcome as JSON to a pipe."""
    import asteval  # noqa: F401  (imported once here so the forked child needs no imports)

    read_fd, write_fd = os.pipe()
    with warnings.catch_warnings():  # Python 3.12+ warns about fork in threaded programs
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child never returns from here
        status = 1
        try:
            # Keep only the pipe: no host sockets or files, and no other sandbox's pipe end
            # (which would delay that sandbox's end-of-file while this child runs).
            os.closerange(3, write_fd)
            os.closerange(write_fd + 1, os.sysconf("SC_OPEN_MAX"))
            data = json.dumps(_child_main(job)).encode()
            while data:
                data = data[os.write(write_fd, data):]
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    deadline = time.monotonic() + job["timeout_s"]
    chunks, finished = [], False
    try:
        while sum(map(len, chunks)) < MAX_PAYLOAD_BYTES:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([read_fd], [], [], remaining)[0]:
                break
            chunk = os.read(read_fd, 65536)
            if not chunk:  # end of file: the child has exited or is exiting
                finished = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if not finished:
            os.kill(pid, signal.SIGKILL)
        exitcode = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if not finished:
        return {"error": f"timed out after {job['timeout_s']} s"}
    try:
        return json.loads(b"".join(chunks))
    except ValueError:
        return {"error": _death_reason(exitcode, job["timeout_s"], job["memory_mb"])}

