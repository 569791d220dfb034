"""LLM clients: one protocol (`LLMClient.complete`), several backends.

Leaves out the heavy backends (local, llama_server, openai_compat): import them by module,
so `import gba.client` stays fast:

>>> from gba.client import Message, FakeClient
>>> FakeClient(["hi"]).complete([Message(role="user", content="hello")]).text
'hi'
"""

from gba.client.base import Completion, LLMClient, Message, Timings, Usage
from gba.client.fake import FakeClient

__all__ = ["Completion", "FakeClient", "LLMClient", "Message", "Timings", "Usage"]
