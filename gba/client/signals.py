"""Ctrl-C where an exception at an arbitrary point would do harm: C code that calls back into
Python (llama.cpp loading a model), and a main thread that coordinates worker threads.

While llama.cpp loads a GGUF it calls Python's log callback through ctypes; a Ctrl-C that
lands there raises KeyboardInterrupt inside the callback, where ctypes prints "Exception
ignored" (hidden while the loader's stderr is silenced) and carries on: the interrupt is
lost. `deferred_interrupt()` catches SIGINT for the duration of the block and raises
KeyboardInterrupt as soon as the block ends, so Ctrl-C during a load works.

Leaves out stopping the C code itself (the load finishes first, which takes seconds) and
other signals; outside the main thread (where Python delivers no signals), or where SIGINT
has another handler or is ignored, it does nothing.

`interrupt_sets(flag)` turns Ctrl-C into `flag.set()` for the duration of the block, for a
loop that polls the flag: a KeyboardInterrupt raised wherever the main thread happens to be
can land half-way through taking a set of locks (concurrent.futures.wait takes one per
future) and leave one held, so a worker that later finishes blocks forever on it.

>>> with deferred_interrupt():
...     pass
>>> flag = threading.Event()
>>> with interrupt_sets(flag):
...     signal.raise_signal(signal.SIGINT)
>>> flag.is_set()
True
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold back SIGINT inside the block; raise KeyboardInterrupt after it if one came."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
        yield  # no signals here, or someone else handles SIGINT (or it is ignored)
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


@contextlib.contextmanager
def interrupt_sets(flag: threading.Event) -> Iterator[None]:
    """Inside the block, Ctrl-C sets `flag` instead of raising KeyboardInterrupt."""
    if (threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is signal.SIG_IGN):
        yield  # no signals here, or Ctrl-C is ignored anyway (a background job)
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: flag.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
