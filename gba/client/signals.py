"""Ctrl-C around C code that calls back into Python (llama.cpp loading a model).

While llama.cpp loads a GGUF it calls Python's log callback through ctypes; a Ctrl-C that
lands there raises KeyboardInterrupt inside the callback, where ctypes prints "Exception
ignored" (hidden while the loader's stderr is silenced) and carries on: the interrupt is
lost. `deferred_interrupt()` catches SIGINT for the duration of the block and raises
KeyboardInterrupt as soon as the block ends, so Ctrl-C during a load works.

Leaves out stopping the C code itself (the load finishes first, which takes seconds) and
other signals; outside the main thread (where Python delivers no signals), or where SIGINT
has another handler or is ignored, it does nothing.

>>> with deferred_interrupt():
...     pass
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
