"""The embedded default backend: a GGUF model run in process by llama-cpp-python.

Chat messages are formatted with the model's own chat template (GGUF metadata); a raw string
prompt is tokenized as it is (special tokens such as `<|im_start|>` are parsed, the BOS token
is added when the model wants one and the text does not already start with it). Schemas are
enforced while decoding by `gba.client.guided` (llguidance by default, llama.cpp's GBNF
sampler as the fallback) and every output is still validated.

Context policy: a prompt that leaves no room in the context window raises
ContextOverflowError (llama.cpp would otherwise truncate silently); when the prompt fits
but `max_tokens` does not, generation is capped at the room left and a cut-off output ends
with finish_reason "length" (so a schema output that did not finish fails validation with a
message that says so).

KV caches, one per role: each output schema (the planner's plan, a calculation, a search
query, a sourced answer, a final answer...) decodes in its own llama.cpp context over the same
loaded weights, up to `kv_slots` of them (the least recently used is reused beyond that; 1
gives the old single shared cache). Each keeps the longest common prefix of its consecutive
calls, so the planner's growing prompt and each tool role's fixed instructions are evaluated
once, not after every call of another role; `Usage.cached_tokens` counts the reused tokens.
A context costs its KV cache (about 94 MB at n_ctx 4096 for SmolLM2-135M, f16) and is made
on first use.

Leaves out the token loop itself (guided.py).

>>> client = LocalClient()  # the embedded SmolLM2-135M  # doctest: +SKIP
>>> client.complete([Message(role="user", content="Capital of France?")], max_tokens=8).text  # doctest: +SKIP
'The capital of France is Paris.'
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from gba.client.base import Completion, LLMClient, Message, Prompt, Timings, Usage
from gba.client.chat_template import GGUF_TEMPLATE_KEY, ChatTemplate, no_template_error
from gba.client.guided import ENGINES, Decoder, Engine, Generation, KVContext
from gba.client.signals import deferred_interrupt
from gba.errors import ContextOverflowError, ModelNotFoundError
from gba.grammar import role_of
from gba.models import check_adapter, resolve_model


def default_threads() -> int:
    """Threads for llama.cpp: the CPUs this process may use, at most 8 (more rarely helps a
    small model and hurts on shared machines)."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    return max(1, min(available, 8))


@contextlib.contextmanager
def quiet_stderr(enabled: bool = True):
    """Silence C-level writes to stderr (llama.cpp's loader logs) inside the block."""
    if not enabled:
        yield
        return
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def load_llama(**kwargs):
    """llama_cpp.Llama(**kwargs), with llama.cpp's load failure (a raw ValueError) turned into
    a ModelNotFoundError that names the files."""
    import llama_cpp

    try:
        return llama_cpp.Llama(**kwargs)
    except ValueError as exc:
        files = " with ".join(str(kwargs[k]) for k in ("model_path", "lora_path") if kwargs.get(k))
        raise ModelNotFoundError(f"llama.cpp could not load {files} ({exc}): check that the "
                                 "model is a GGUF llama.cpp supports and that the adapter "
                                 "was made for this model") from None


class LocalClient(LLMClient):
    """A GGUF model in this process. `engine`: "llguidance" (fast, default), "gbnf"
    (llama.cpp's grammar sampler) or "none" (no constraint; outputs are validated and
    retried like a backend without grammar). `kv_slots`: KV caches kept, one per output
    schema (see the module docstring). `prefix_cache`: keep each role's fixed prompt prefix
    evaluated on disk for the next process (True: under GBA_HOME/kv; or a folder;
    gba.client.prefix_cache). `draft`: greedy decoding checks prompt-lookup guesses of the
    next tokens in one batch (gba.client.lookup): fewer forward passes, not faster on 2 AVX2
    cores (benchmarks/lookup_decoding.py), so off by default."""

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        engine: Engine = "llguidance",
        seed: int = 0,
        lora_path: str | Path | None = None,
        kv_slots: int = 1,
        prefix_cache: bool | str | Path = False,
        draft: bool = False,
        verbose: bool = False,
    ):
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
        self.model_path = resolve_model(model)
        self.lora_path = Path(lora_path) if lora_path else None
        if self.lora_path is not None and not self.lora_path.is_file():
            raise ModelNotFoundError(
                f"LoRA adapter {self.lora_path} not found: give the path of a GGUF adapter "
                "(`gba export RUN_DIR` writes one)")
        if self.lora_path is not None:
            check_adapter(self.lora_path, self.model_path)
        with deferred_interrupt(), quiet_stderr(not verbose):  # Ctrl-C while loading works
            import llama_cpp

            threads = n_threads or default_threads()
            self.llama = load_llama(
                model_path=str(self.model_path),
                n_ctx=n_ctx,
                n_batch=min(512, n_ctx),
                n_threads=threads,
                n_threads_batch=threads,
                seed=seed,
                lora_path=str(self.lora_path) if self.lora_path else None,
                verbose=verbose,
            )
        self._lib = llama_cpp
        self.n_ctx = self.llama.n_ctx()
        self.engine: Engine = engine
        self.seed = seed
        self.draft = draft
        self.name = f"local:{self.model_path.name}" + (
            f"+{self.lora_path.name}" if self.lora_path else "")
        self.decoder = Decoder(self.llama)
        vocab = self.decoder.vocab
        self._add_bos = bool(llama_cpp.llama_vocab_get_add_bos(vocab))
        self._bos_text = self._token_text(llama_cpp.llama_vocab_bos(vocab))
        self._eos_text = self._token_text(llama_cpp.llama_vocab_eos(vocab))
        self._template: ChatTemplate | None = None
        self._lock = threading.Lock()  # one generation at a time (the weights are shared)
        self.kv_slots = max(1, kv_slots)
        self._slots: OrderedDict[Any, Any] = OrderedDict()  # schema -> Llama or KVContext
        self.last_generation: Generation | None = None
        self.prefix_store = None
        if prefix_cache:
            from gba.client.prefix_cache import PrefixStore
            from gba.paths import cache_dir

            where = cache_dir("kv") if prefix_cache is True else Path(prefix_cache)
            self.prefix_store = PrefixStore(where, self.model_path, self.lora_path, self.n_ctx)

    def _context_for(self, schema: type[BaseModel] | None) -> Any:
        """The KV cache of this output schema's role: the model's own context for the first
        role, a new context for each further one up to `kv_slots`, then the least recently
        used one."""
        if schema in self._slots:
            self._slots.move_to_end(schema)
            return self._slots[schema]
        if not self._slots:
            context: Any = self.llama
        elif len(self._slots) < self.kv_slots:
            with quiet_stderr():
                context = KVContext(self.llama)
        else:
            _, context = self._slots.popitem(last=False)
        self._slots[schema] = context
        return context

    @property
    def kv_contexts(self) -> int:
        """How many KV caches (llama.cpp contexts) are open."""
        return len(self._slots) or 1

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        return self._lib.llama_vocab_get_text(self.decoder.vocab, token).decode(errors="replace")

    @property
    def chat_template(self) -> ChatTemplate:
        """The model's own chat template from its GGUF metadata."""
        if self._template is None:
            text = self.llama.metadata.get(GGUF_TEMPLATE_KEY, "")
            if not text:
                raise no_template_error(f"model {self.model_path.name}")
            self._template = ChatTemplate(
                text,
                bos_token=self._bos_text,
                eos_token=self._eos_text,
                source=f"model {self.model_path.name}",
            )
        return self._template

    def render(self, prompt: Prompt) -> str:
        """The exact prompt text: raw strings unchanged, messages through the chat template."""
        if isinstance(prompt, str):
            return prompt
        return self.chat_template.render(
            [m if isinstance(m, Message) else Message(**m) for m in prompt]
        )

    def tokenize(self, prompt: Prompt) -> list[int]:
        """Prompt tokens exactly as they will be evaluated (BOS included when the model adds
        one)."""
        text = self.render(prompt)
        add_bos = self._add_bos and not (self._bos_text and text.startswith(self._bos_text))
        return self.llama.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)

    def count_tokens(self, prompt: Prompt) -> int:
        return len(self.tokenize(prompt))

    def _generate(
        self,
        prompt: Prompt,
        schema: type[BaseModel] | None,
        *,
        max_tokens: int,
        temperature: float,
        seed: int | None,
        stop: list[str] | None,
    ) -> Completion:
        started = time.perf_counter()
        tokens = self.tokenize(prompt)
        room = self.n_ctx - len(tokens)
        if room < 1:
            raise ContextOverflowError(
                f"{self.name}: the prompt has {len(tokens)} tokens but the context window holds "
                f"{self.n_ctx}, leaving no room for output (max_tokens={max_tokens}). Shorten "
                "the prompt (fewer or shorter steps/observations) or load the model with a "
                f"larger context, e.g. LocalClient(n_ctx={2 * self.n_ctx}).",
                prompt_tokens=len(tokens),
                n_ctx=self.n_ctx,
            )
        with self._lock:
            role = role_of(schema)  # a constrained variant shares its role's KV cache
            fresh = role not in self._slots
            context = self._context_for(role)
            if (self.prefix_store is not None and fresh and context.n_tokens == 0
                    and self.engine != "gbnf"):
                self.prefix_store.prepare(context, getattr(role, "__name__", "text"), tokens)
            generation = self.decoder.run(
                tokens,
                schema=schema,
                engine=self.engine,
                max_tokens=min(max_tokens, room),
                temperature=temperature,
                seed=self.seed if seed is None else seed,
                stop=stop,
                context=None if context is self.llama else context,
                draft=self.draft,
            )
        self.last_generation = generation
        return Completion(
            text=generation.text,
            usage=Usage(
                prompt_tokens=len(tokens),
                completion_tokens=len(generation.tokens),
                cached_tokens=generation.cached_tokens,
            ),
            timings=Timings(
                prompt_s=generation.prompt_s,
                generation_s=generation.generation_s,
                total_s=time.perf_counter() - started,
            ),
            finish_reason=generation.finish_reason,
            model=self.name,
        )

    def close(self) -> None:
        """Free the model and its KV cache. Safe to call twice."""
        llama = self.__dict__.pop("llama", None)
        if llama is not None:
            for context in self._slots.values():
                if context is not llama:
                    context.close()
            self._slots.clear()
            self.decoder = None  # type: ignore[assignment]
            llama.close()
