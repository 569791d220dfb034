"""The calculation sandbox: a red-team list of hostile snippets, all refused or stopped within
the limits without harming the host, and the ordinary programs it must still run."""

from __future__ import annotations

import os
import time

import pytest

from gba.text import MARKER
from gba.tools.sandbox import (
    MAX_STDOUT_CHARS,
    MAX_VALUE_CHARS,
    RefusedError,
    check_code,
    execute,
    run_code,
)

TIMEOUT_S = 1.0
SLACK_S = 3.0  # coarse safety bound (not a benchmark): process start, kill and reaping

# `{target}` is replaced by a path in the test's tmp dir that must not exist afterwards.
HOSTILE = {
    # files
    "read_passwd": "open('/etc/passwd').read()",
    "write_file": "open('{target}', 'w').write('pwned')",
    "with_open": "with open('{target}', 'w') as f:\n    f.write('pwned')",
    "pathlib_write": "import pathlib\npathlib.Path('{target}').write_text('pwned')",
    # imports and modules
    "import_os_system": "import os\nos.system('touch {target}')",
    "from_os_import": "from os import system\nsystem('touch {target}')",
    "import_subprocess": "import subprocess\nsubprocess.run(['touch', '{target}'])",
    "import_sys_exit": "import sys\nsys.exit(1)",
    "dunder_import": "__import__('os').system('touch {target}')",
    "importlib": "importlib.import_module('os')",
    "math_module_escape": "from math import __loader__",
    "relative_import": "from . import sandbox",
    # network
    "socket_connect": "import socket\nsocket.create_connection(('example.com', 80))",
    "urllib": "import urllib.request\nurllib.request.urlopen('http://example.com')",
    # dunder escapes
    "builtins_dict": "__builtins__['open']('{target}', 'w')",
    "subclasses_via_mro": "().__class__.__mro__[1].__subclasses__()",
    "subclasses_via_bases": "(1).__class__.__bases__[0].__subclasses__()",
    "lambda_globals": "(lambda: 0).__globals__",
    "function_globals": "def f():\n    return 1\nf.__globals__",
    "printer_self": "print.__self__",
    "type_mro": "type(1).__mro__",
    "fstring_dunder": "f'{(1).__class__}'",
    "format_string_attr": "'{0.__class__}'.format(1)",
    "format_string_built": "('{0.' + '_' * 2 + 'class' + '_' * 2 + '}').format(1)",
    "dunder_keyword": "dict(__class__=1)",
    # getattr tricks with strings
    "getattr_string": "getattr((), '__class__')",
    "getattr_concat": "getattr(1, '_' + '_class_' + '_')",
    "setattr": "setattr(print, 'x', 1)",
    # eval, exec, compile, introspection
    "eval": "eval('1 + 1')",
    "exec": "exec('x = 1')",
    "compile": "compile('1', 'f', 'eval')",
    "globals": "globals()",
    "locals": "locals()['x']",
    "vars": "vars()",
    "dir": "dir()",
    "lambda_open": "(lambda f: f('{target}', 'w'))(open)",
    "class_definition": "class X:\n    pass",
    # generator and frame escapes
    "generator_frame": "g = (x for x in [1])\ng.gi_frame.f_globals",
    "yield_generator": "def gen():\n    yield 1\ngen().gi_frame",
    "frame_back": "x = 1\nx.f_back",
    # infinite loops and deep recursion
    "while_true": "while True:\n    pass",
    "counting_loop": "x = 0\nwhile True:\n    x += 1",
    "print_loop": "while True:\n    print('spam' * 1000)",
    "deep_recursion": "def f(n):\n    return f(n + 1)\nf(0)",
    "lambda_recursion_bomb": "f = lambda: [f(), f()]\nf()",
    # memory bombs
    "string_bomb": "'a' * 10**10",
    "list_bomb": "[0] * 10**9",
    "range_list_bomb": "list(range(10**9))",
    "doubling_list": "x = [1, 2]\nwhile True:\n    x = x + x",
    "doubling_string": "x = 'ab'\nwhile True:\n    x = x + x",
    "nested_list_bomb": "[[0] * 10**6 for _ in range(10**4)]",
    "bytearray_bomb": "bytearray(10**10)",
    # big-number bombs
    "exponent_bomb": "9**9**9",
    "exponent_bomb_10": "10**10**10",
    "pow_bomb": "pow(10, 10**10)",
    "chained_power": "(10**9999)**9999",
    "factorial_bomb": "factorial(10**7)",
    # fork bombs
    "fork_bomb": "import os\nwhile True:\n    os.fork()",
    "fork_via_multiprocessing": "import multiprocessing\nmultiprocessing.Process(target=print).start()",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_snippets_are_refused_within_limits(name, tmp_path):
    target = tmp_path / "pwned.txt"
    code = HOSTILE[name].replace("{target}", str(target))
    started = time.monotonic()
    result = run_code(code, timeout_s=TIMEOUT_S, memory_mb=128)
    elapsed = time.monotonic() - started

    assert not result.ok, f"{name} was not refused: value={result.value!r}"
    assert result.error and result.error.strip()
    assert elapsed < TIMEOUT_S + SLACK_S, f"{name} took {elapsed:.1f} s"
    assert not target.exists(), f"{name} created a file"
    assert not list(tmp_path.iterdir())
    assert "root:" not in (result.value or "") + result.stdout


def _refused_by_precheck(code: str) -> bool:
    try:
        check_code(code)
    except RefusedError:
        return True
    return False


# Harmless once the pre-check is gone: asteval just builds {'__class__': 1}.
HARMLESS_WITHOUT_PRECHECK = {"dunder_keyword"}
PRECHECKED = [n for n, code in HOSTILE.items()
              if _refused_by_precheck(code.replace("{target}", "x"))
              and n not in HARMLESS_WITHOUT_PRECHECK]


@pytest.mark.parametrize("name", PRECHECKED)
def test_second_layer_alone_still_stops_what_the_precheck_refuses(name, tmp_path):
    """Defence in depth: asteval in the limited child holds even without the pre-check."""
    target = tmp_path / "pwned.txt"
    code = HOSTILE[name].replace("{target}", str(target))
    payload = execute(code, timeout_s=TIMEOUT_S, memory_mb=128, variables={})
    assert payload.get("error"), f"{name} ran without the pre-check: {payload}"
    assert not target.exists()
    assert "root:" not in str(payload.get("value")) + payload.get("stdout", "")


def test_refusals_say_why():
    assert run_code("import os").error.startswith("refused: imports are not allowed")
    assert "dunder" in run_code("().__class__").error
    assert "`eval` is not allowed" in run_code("eval('1')").error
    assert "gi_frame" in run_code("g.gi_frame").error
    assert run_code("while True: pass", timeout_s=0.5).error == "timed out after 0.5 s"
    assert run_code("[0] * 10**9", memory_mb=64).error == "memory limit of 64 MB exceeded"
    assert run_code("1 / 0").error == "ZeroDivisionError: division by zero"


def test_check_code_raises_for_refusals_and_syntax_errors():
    with pytest.raises(RefusedError):
        check_code("import socket")
    with pytest.raises(SyntaxError):
        check_code("1 +")
    assert check_code("6 * 7") == "6 * 7"


def test_broken_code_reports_the_error_with_its_line():
    assert run_code("x = 1\ny = x +\n").error == "SyntaxError: invalid syntax (line 2)"
    error = run_code("a = 2\nb = a + missing").error
    assert error.startswith("NameError") and "missing" in error and "(line 2)" in error


def test_host_process_survives_exit_attempts():
    pid = os.getpid()
    for code in ("raise SystemExit(3)", "exit()", "quit()"):
        assert not run_code(code).ok
    assert os.getpid() == pid and run_code("1 + 1").value == "2"


@pytest.mark.parametrize(("code", "value"), [
    ("6 * 7", "42"),
    ("(17 + 3) / 4", "5.0"),
    ("2 ** 100", str(2**100)),
    ("round(sqrt(2), 4)", "1.4142"),
    ("log(e) + cos(0)", "2.0"),
    ("math.floor(math.pi * 100)", "314"),
    ("import math\nmath.sqrt(16)", "4.0"),
    ("from math import sqrt as root\nroot(81)", "9.0"),
    ("comb(5, 2) + gcd(12, 18)", "16"),
    ("mean([1, 2, 3, 4])", "2.5"),
    ("abs(-3) + min(4, 5) + max(1, 2) + sum([1, 2, 3])", "15"),
    ("sum(x * x for x in range(10))", "285"),
    ("total = 0\nfor i in range(1, 11):\n    total += i\ntotal", "55"),
    ("price = 80\ntax = 0.15\nresult = price * (1 + tax)", "92.0"),
    ("def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n"
     "result = fib(30)", "832040"),
    ("xs = [3, 1, 2]\nsorted(xs)", "[1, 2, 3]"),
    ("result = 1\nprint('working')", "1"),
    ("f'{2 / 3:.3f}'", "'0.667'"),
    ("try:\n    x = 1 / 0\nexcept ZeroDivisionError:\n    x = -1\nx", "-1"),
])
def test_ordinary_programs_run(code, value):
    result = run_code(code)
    assert result.ok, result.error
    assert result.value == value


def test_variables_are_predefined():
    result = run_code("result = price * quantity", variables={"price": 2.5, "quantity": 4})
    assert result.value == "10.0"
    with pytest.raises(ValueError):
        run_code("x", variables={"x": object()})
    with pytest.raises(ValueError):
        run_code("x", variables={"__x": 1})


def test_print_output_is_captured_and_capped():
    assert run_code("print('hello', 3)").stdout == "hello 3\n"
    result = run_code("for i in range(2000):\n    print('x' * 20)")
    assert result.ok and result.stdout == ("x" * 20 + "\n") * 190 + "x" * 10 + MARKER
    assert len(result.stdout) == MAX_STDOUT_CHARS + len(MARKER)


def test_huge_results_are_capped():
    result = run_code("'y' * 200000")
    assert result.ok and len(result.value) < MAX_VALUE_CHARS + 100
    big = run_code("3 ** 10000")
    assert big.ok and big.value.startswith("an integer with 4772 digits")


def test_no_value_is_not_an_error():
    result = run_code("x = 1")
    assert result.ok and result.value is None


@pytest.mark.parametrize(("code", "value"), [
    ("(date(2024, 3, 1) - date(2023, 12, 25)).days", "67"),
    ("import datetime\n(datetime.date(2024, 2, 28) + datetime.timedelta(days=2)).isoformat()",
     "'2024-03-01'"),
    ("from datetime import date, timedelta\n(timedelta(weeks=2) // timedelta(days=1))", "14"),
])
def test_date_arithmetic_runs(code, value):
    result = run_code(code)
    assert result.ok, result.error
    assert result.value == value


@pytest.mark.parametrize("code", [
    "date.__class__",
    "date.today.__self__",
    "timedelta.__subclasses__()",
    "datetime.datetime.now()",
    "import datetime as d\nd.sys",
    "from datetime import datetime",
])
def test_date_names_open_no_escape(code):
    result = run_code(code)
    assert not result.ok and result.value is None


def test_unit_conversion_runs():
    result = run_code('result = convert(3.2, "mi", "km")')
    assert result.ok, result.error
    assert float(result.value) == pytest.approx(5.1499008)
    assert run_code('convert(98.6, "degrees Fahrenheit", "°C")').value == "37.0"


@pytest.mark.parametrize(("code", "says"), [
    ('result = convert(3.2, "mi", "furlong")', ["convert: unknown unit 'furlong'", "km"]),
    ('result = convert(3.2, "mi", "kg")', ["(a length)", "(a mass)"]),
])
def test_a_bad_unit_comes_back_as_one_line_of_error_text(code, says):
    result = run_code(code)
    assert not result.ok and result.value is None
    assert result.error.startswith("ValueError: convert: ") and "\n" not in result.error
    assert "Error running function" not in result.error  # asteval's wrapping is dropped
    assert all(s in result.error for s in says), result.error


def test_convert_opens_no_escape():
    for code in ("convert.__globals__", "convert.__code__", "getattr(convert, 'x')"):
        assert not run_code(code).ok
