"""Errors that gba raises, each with a message saying what happened and what to do.

Leaves out recovery: callers decide (the agent records model failures in the trajectory).

>>> raise ModelNotFoundError("no GGUF at /tmp/x.gguf") # doctest: +SKIP
"""


class GBAError(Exception):
    """Base class of every error gba raises on purpose."""


class ModelNotFoundError(GBAError):
    """A model file or package could not be found."""


class ServerUnreachableError(GBAError):
    """An HTTP model server did not answer."""


class ClientTimeoutError(GBAError):
    """A model call took longer than its timeout, after retries."""


class ContextOverflowError(GBAError):
    """A prompt (plus the tokens asked for) does not fit in the model's context window."""

    def __init__(self, message: str, prompt_tokens: int = 0, n_ctx: int = 0):
        super().__init__(message)
        self.prompt_tokens = prompt_tokens
        self.n_ctx = n_ctx


class InvalidOutputError(GBAError):
    """Model output did not parse or validate against the requested schema."""

    def __init__(self, message: str, raw: str = ""):
        super().__init__(message)
        self.raw = raw


class BackendError(GBAError):
    """A model backend answered with an error that retrying will not fix."""


class Interrupted(GBAError):
    """Ctrl-C stopped work; the message says what was kept and how to go on."""

    exit_code = 130  # what a shell expects after SIGINT
