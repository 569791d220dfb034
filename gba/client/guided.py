"""Fast schema-constrained decoding for an in-process llama.cpp model, driven token by token.

`Decoder` runs llama-cpp-python's low-level eval loop itself, so the grammar costs almost
nothing next to the forward pass:

- the greedy (or sampled) token is checked against the llguidance matcher first; the full
  vocabulary mask is computed only when that token is rejected. For sampling this is exact
  rejection sampling: a token drawn from the model and accepted has probability p(t); a
  rejected draw is redrawn from the masked distribution, so overall P(t) = p(t) / Z;
- tokens the grammar forces (JSON keys, quotes, colons, braces) are fast-forwarded: they are
  appended without sampling and evaluated together with the next token in one batch;
- the KV cache keeps the longest common prefix with the previous call, so an agent whose
  prompt only grows re-evaluates just the new tail (reported as `cached` tokens);
- `KVContext` opens further llama.cpp contexts on the same loaded weights (and LoRA
  adapter), each with its own KV cache; `Decoder.run(..., context=...)` decodes in one, so
  callers with different prompts (the agent's roles) stop evicting each other's prefix.

The tokenizer for llguidance is built once per loaded model (its token bytes cached on disk,
gba.client.vocab_cache), the compiled grammar once per schema. `engine="gbnf"` uses
llama-cpp-python's own GBNF sampler instead (the slower fallback, kept for comparison).
Callers must still validate the text (gba.grammar.parse_output).

It uses `Llama.eval`, llama.cpp's C API as llama-cpp-python binds it (vocabulary, logits,
KV-cache memory), and two attributes of `Llama` that are public but undocumented and change
between releases: `input_ids` and `n_tokens` (what the KV cache holds, for prefix reuse).
Importing this module checks that the installed llama-cpp-python is the pinned one
(gba.client.pins) and warns with the fix when it is not.

Leaves out prompt formatting, context checks and validation (gba.client.local) and sampling
options beyond temperature and seed (no top-k, top-p or repetition penalty).

>>> decoder = Decoder(llama)  # doctest: +SKIP
>>> decoder.run(llama.tokenize(b"Hi"), schema=Answer, max_tokens=64).text  # doctest: +SKIP
'{"value": 3}'
"""

from __future__ import annotations

import ctypes
import time
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import numpy as np
from pydantic import BaseModel

from gba.client.lookup import MAX_DRAFT, MISSES_ALLOWED, propose
from gba.client.pins import LLAMA_CPP_PYTHON_VERSION
from gba.errors import BackendError
from gba.grammar import GRAMMARS_KEPT, gbnf_for, llguidance_grammar_for, role_of

Engine = Literal["llguidance", "gbnf", "none"]
ENGINES: tuple[str, ...] = get_args(Engine)


def llama_cpp_version_problem() -> str | None:
    """Why the installed llama-cpp-python may not work with this module, or None when it is
    the pinned version (or not installed at all: loading a model says so then)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version("llama-cpp-python")
    except PackageNotFoundError:
        return None
    if installed == LLAMA_CPP_PYTHON_VERSION:
        return None
    return (
        f"gba's local backend is built for llama-cpp-python=={LLAMA_CPP_PYTHON_VERSION} and "
        f"drives some of its internals, but {installed} is installed; if local generation "
        f"fails, run: pip install 'llama-cpp-python=={LLAMA_CPP_PYTHON_VERSION}'"
    )


_problem = llama_cpp_version_problem()
if _problem is not None:
    warnings.warn(_problem, RuntimeWarning, stacklevel=2)


@dataclass
class Generation:
    """Tokens and text of one run, with how many prompt tokens came from the KV cache and how
    many output tokens the grammar forced (fast-forwarded without sampling)."""

    tokens: list[int]
    text: str
    finish_reason: str
    prompt_tokens: int
    cached_tokens: int
    forced_tokens: int = 0
    masks_computed: int = 0
    prompt_s: float = 0.0
    generation_s: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


class KVContext:
    """Another llama.cpp context over the weights (and LoRA adapter) of a loaded `Llama`:
    its own KV cache and token history, the same settings. It offers what the decoder uses
    of a `Llama` (`ctx`, `input_ids`, `n_tokens`, `eval`) and is freed with the model."""

    def __init__(self, llama: Any):
        import llama_cpp
        from llama_cpp import _internals

        self._lib = llama_cpp
        self._context = _internals.LlamaContext(
            model=llama._model, params=llama.context_params, verbose=False)
        self._batch = _internals.LlamaBatch(n_tokens=llama.n_batch, embd=0, n_seq_max=1,
                                            verbose=False)
        adapter = getattr(llama, "_lora_adapter", None)
        if adapter is not None:
            adapters = (llama_cpp.llama_adapter_lora_p_ctypes * 1)(adapter)
            scales = (ctypes.c_float * 1)(llama.lora_scale)
            if llama_cpp.llama_set_adapters_lora(self.ctx, adapters, 1, scales):
                raise BackendError("could not apply the LoRA adapter to a new context")
        self._ctx = self._context  # named as `Llama` names it (the decoder's batched guesses)
        self.n_batch = llama.n_batch
        self.input_ids = np.zeros(llama.n_ctx(), dtype=np.intc)
        self.n_tokens = 0

    @property
    def ctx(self) -> Any:
        return self._context.ctx

    def eval(self, tokens: list[int]) -> None:
        """Append `tokens` (logits for the last one only), as `Llama.eval` does."""
        for start in range(0, len(tokens), self.n_batch):
            chunk = tokens[start:start + self.n_batch]
            self._batch.set_batch(batch=chunk, n_past=self.n_tokens, logits_all=False)
            self._context.decode(self._batch)
            self.input_ids[self.n_tokens:self.n_tokens + len(chunk)] = chunk
            self.n_tokens += len(chunk)

    def close(self) -> None:
        self._batch.close()
        self._context.close()


class Decoder:
    """Token-level generation loop over one `llama_cpp.Llama` (which must outlive it).

    It decodes in the model's own context unless `run` is given a `KVContext`."""

    def __init__(self, llama: Any):
        import llama_cpp

        self._lib = llama_cpp
        self.llama = llama
        self.state: Any = llama  # the context being decoded in: `llama` or a KVContext
        self.vocab = llama_cpp.llama_model_get_vocab(llama.model)
        self.n_vocab = llama_cpp.llama_vocab_n_tokens(self.vocab)
        self._logits_type = ctypes.c_float * self.n_vocab
        self._bitmask = np.full((1, (self.n_vocab + 31) // 32), -1, dtype=np.int32)
        self._pieces: list[bytes] | None = None
        self._lltokenizer: Any = None
        # compiled per schema, the most recent GRAMMARS_KEPT (constrained variants vary per call)
        self._matchers: OrderedDict[type[BaseModel], Any] = OrderedDict()
        self._grammars: OrderedDict[type[BaseModel], Any] = OrderedDict()
        self.compile_s: dict[type[BaseModel], float] = {}

    # --- per-model and per-schema caches ----------------------------------------------------

    @property
    def pieces(self) -> list[bytes]:
        """The bytes each token id decodes to (special tokens render as nothing)."""
        if self._pieces is None:
            buffer = ctypes.create_string_buffer(256)
            to_piece = self._lib.llama_token_to_piece
            pieces = []
            for token in range(self.n_vocab):
                n = to_piece(self.vocab, token, buffer, 256, 0, False)
                pieces.append(buffer.raw[:n] if n > 0 else b"")
            self._pieces = pieces
        return self._pieces

    def lltokenizer(self) -> Any:
        """llguidance's view of this model's vocabulary (built once per model)."""
        if self._lltokenizer is None:
            from gba.client.vocab_cache import lltokenizer

            self._lltokenizer = lltokenizer(self.vocab, getattr(self.llama, "model_path", None))
        return self._lltokenizer

    def matcher(self, schema: type[BaseModel]) -> Any:
        """A fresh llguidance matcher for `schema` (compiled once, then deep-copied)."""
        if schema not in self._matchers:
            import llguidance

            tokenizer = self.lltokenizer()
            started = time.perf_counter()
            pristine = llguidance.LLMatcher(tokenizer, llguidance_grammar_for(schema), log_level=0)
            if pristine.is_error():
                raise BackendError(
                    f"llguidance could not compile the grammar for "
                    f"{schema.__name__}: {pristine.get_error()}"
                )
            self.compile_s[schema] = time.perf_counter() - started
            _keep(self._matchers, schema, pristine, self.compile_s)
        self._matchers.move_to_end(schema)
        return self._matchers[schema].deep_copy()

    def gbnf_grammar(self, schema: type[BaseModel]) -> Any:
        """llama-cpp-python's LlamaGrammar for `schema` (parsed once; a `constrained` variant
        gets its role's grammar, gba.grammar.gbnf_for, so it is parsed once per role)."""
        schema = role_of(schema)  # type: ignore[assignment]
        if schema not in self._grammars:
            from llama_cpp import LlamaGrammar

            started = time.perf_counter()
            grammar = LlamaGrammar.from_string(gbnf_for(schema), verbose=False)
            self.compile_s[schema] = time.perf_counter() - started
            _keep(self._grammars, schema, grammar, self.compile_s)
        self._grammars.move_to_end(schema)
        return self._grammars[schema]

    # --- KV cache ---------------------------------------------------------------------------

    def reuse_prefix(self, tokens: list[int]) -> tuple[int, list[int]]:
        """Keep the longest common prefix of the KV cache and `tokens`; return how many
        tokens were kept and the suffix still to evaluate (never empty: the last prompt token
        is re-evaluated when everything matches, to get fresh logits)."""
        state = self.state
        cached = state.input_ids[: state.n_tokens]
        n = min(len(cached), len(tokens))
        if n:
            diff = np.flatnonzero(cached[:n] != np.asarray(tokens[:n], dtype=cached.dtype))
            n = int(diff[0]) if diff.size else n
        n = max(0, min(n, len(tokens) - 1))
        memory = self._lib.llama_get_memory(state.ctx)
        if not self._lib.llama_memory_seq_rm(memory, 0, n, -1):  # e.g. recurrent: start over
            self._lib.llama_memory_clear(memory, True)
            n = 0
        state.n_tokens = n
        return n, list(tokens[n:])

    # --- decoding ---------------------------------------------------------------------------

    def _eval(self, tokens: list[int]) -> None:
        """Append `tokens` to the KV cache, logits for the last one only (the model is loaded
        without logits_all). Llama.eval's own cache trim finds nothing to remove, since
        `reuse_prefix` already trimmed: one cheap C call next to a forward pass."""
        self.state.eval(tokens)

    def _eval_rows(self, feed: list[int], guess: list[int]) -> list[np.ndarray]:
        """Append `feed` and the guessed tokens in one batch; return the logits after the last
        fed token and after each guessed token (copies: the next decode overwrites them)."""
        tokens = feed + guess
        state = self.state
        if len(tokens) > state.n_batch:
            self._eval(feed)
            return [self._logits().copy()]
        batch = state._batch
        batch.set_batch(batch=tokens, n_past=state.n_tokens, logits_all=True)
        state._ctx.decode(batch)
        state.input_ids[state.n_tokens:state.n_tokens + len(tokens)] = tokens
        state.n_tokens += len(tokens)
        first = len(feed) - 1
        return [self._row(i) for i in range(first, len(tokens))]

    def _row(self, index: int) -> np.ndarray:
        pointer = self._lib.llama_get_logits_ith(self.state.ctx, index)
        address = ctypes.cast(pointer, ctypes.c_void_p).value
        return np.frombuffer(self._logits_type.from_address(address), dtype=np.float32).copy()

    def _truncate(self, n_tokens: int) -> None:
        """Forget the KV cache from position `n_tokens` on (rejected guesses)."""
        memory = self._lib.llama_get_memory(self.state.ctx)
        self._lib.llama_memory_seq_rm(memory, 0, n_tokens, -1)
        self.state.n_tokens = n_tokens

    def _logits(self) -> np.ndarray:
        pointer = self._lib.llama_get_logits_ith(self.state.ctx, -1)
        address = ctypes.cast(pointer, ctypes.c_void_p).value
        return np.frombuffer(self._logits_type.from_address(address), dtype=np.float32)

    def _masked(self, matcher: Any, logits: np.ndarray) -> np.ndarray:
        from llguidance.numpy import fill_next_token_bitmask

        fill_next_token_bitmask(matcher, self._bitmask)
        allowed = np.unpackbits(self._bitmask.view(np.uint8), bitorder="little")
        allowed = allowed[: self.n_vocab].astype(bool)
        if not allowed.any():
            raise BackendError(f"the grammar allows no next token: {matcher.get_error()}")
        return np.where(allowed, logits, -np.inf)

    def run(
        self,
        prompt_tokens: list[int],
        *,
        schema: type[BaseModel] | None = None,
        engine: Engine = "llguidance",
        max_tokens: int = 512,
        temperature: float = 0.0,
        seed: int = 0,
        stop: list[str] | None = None,
        fast_forward: bool = True,
        ignore_eos: bool = False,
        context: KVContext | None = None,
        draft: bool = False,
    ) -> Generation:
        """Generate up to `max_tokens` tokens after `prompt_tokens`, constrained to `schema`
        with `engine` when one is given. `fast_forward=False` samples forced tokens one by
        one; `ignore_eos` (unconstrained runs only, for benchmarks) keeps generating past
        end-of-generation tokens; `context` decodes in that KV cache instead of the model's
        own (not for `engine="gbnf"`, which runs in the model's own). `draft`: at temperature 0,
        evaluate prompt-lookup guesses of the next tokens (gba.client.lookup) in one batch and
        keep those the model picks anyway: fewer forward passes, the same greedy text up to
        near-ties (a batch's logits differ from one token's in the last bits)."""
        self.state = self.llama if context is None or engine == "gbnf" else context
        if schema is not None and engine == "gbnf":
            return self._run_gbnf(prompt_tokens, schema, max_tokens, temperature, seed, stop)
        matcher = self.matcher(schema) if schema is not None and engine == "llguidance" else None
        started = time.perf_counter()
        is_eog = self._lib.llama_vocab_is_eog
        cached, feed = self.reuse_prefix(prompt_tokens)
        pick = _Picker(temperature, seed)
        stops = _StopScanner(stop, self.pieces) if stop else None
        # prompt-lookup drafts only where they cannot change the output: greedy decoding
        drafting = draft and temperature == 0 and not ignore_eos
        out: list[int] = []
        forced = masks = drafted = accepted = misses = kept_now = 0
        rows: list[np.ndarray] = []  # logits already computed, one per position ahead
        guesses: list[int] = []  # the drafted tokens the KV cache holds, one per row but the last
        if matcher is not None and fast_forward:
            forced_now = matcher.compute_ff_tokens()[:max_tokens]
            matcher.consume_tokens(forced_now)
            out += forced_now
            forced += len(forced_now)
            feed = feed + forced_now
            if stops is not None:
                stops.hit(forced_now)
        self._eval(feed)
        prompt_s = time.perf_counter() - started
        finish = "length"
        while len(out) < max_tokens:
            logits = rows.pop(0) if rows else self._logits()
            guess = guesses.pop(0) if guesses else None
            token = pick(logits)
            if matcher is not None and matcher.try_consume_tokens([token]) != 1:
                masks += 1
                token = pick(self._masked(matcher, logits))
                if not matcher.consume_token(token):
                    raise BackendError(f"llguidance rejected its own token: {matcher.get_error()}")
            while ignore_eos and matcher is None and is_eog(self.vocab, token):
                logits = logits.copy()
                logits[token] = -np.inf
                token = pick(logits)
            if guess is not None and token != guess:  # the draft ends here: drop the rest
                self._truncate(self.state.n_tokens - 1 - len(guesses))
                rows.clear()
                guesses.clear()
                misses += kept_now == 0
                drafting = drafting and misses < MISSES_ALLOWED  # guessing does not pay here
                guess = None
            kept_now += guess is not None
            accepted += guess is not None
            if is_eog(self.vocab, token):
                finish = "stop"
                break
            new = [token]
            if matcher is not None:
                if matcher.is_stopped():
                    out.append(token)
                    finish = "stop"
                    break
                forced_now = matcher.compute_ff_tokens()[: max_tokens - len(out) - 1]
                if forced_now and fast_forward:
                    if guesses:  # forced text replaces what was guessed beyond this token
                        self._truncate(self.state.n_tokens - len(guesses))
                    rows.clear()
                    guesses.clear()
                    matcher.consume_tokens(forced_now)
                    new += forced_now
                    forced += len(forced_now)
            out += new
            feed = new if guess is None else new[1:]  # a kept guess is in the cache already
            if stops is not None and stops.hit(new):
                finish = "stop"
                break
            if len(out) >= max_tokens or rows:
                continue
            guess_now = (propose(prompt_tokens + out,
                                 max_draft=min(MAX_DRAFT, max_tokens - len(out) - 1))
                         if drafting else [])
            if guess_now:
                rows = self._eval_rows(feed, guess_now)
                guesses = guess_now[:len(rows) - 1]
                drafted += len(guesses)
                kept_now = 0
            else:
                self._eval(feed)
        return Generation(
            out,
            self._text(out, stops),
            finish,
            len(prompt_tokens),
            cached,
            forced,
            masks,
            prompt_s,
            time.perf_counter() - started - prompt_s,
            extra={"drafted": drafted, "accepted": accepted} if draft and temperature == 0 else {},
        )

    def _text(self, tokens: list[int], stops: _StopScanner | None) -> str:
        """Output text, cut before the first stop string."""
        if self._pieces is None:
            data = self.llama.detokenize(tokens)
        else:
            data = b"".join(self._pieces[t] for t in tokens)
        if stops is not None:
            data = stops.cut(data)
        return data.decode("utf-8", errors="replace")

    def _run_gbnf(
        self,
        prompt_tokens: list[int],
        schema: type[BaseModel],
        max_tokens: int,
        temperature: float,
        seed: int,
        stop: list[str] | None,
    ) -> Generation:
        """llama-cpp-python's own sampler chain with its GBNF grammar sampler."""
        grammar = self.gbnf_grammar(schema)
        started = time.perf_counter()
        cached, feed = self.reuse_prefix(prompt_tokens)
        self.llama.set_seed(seed)
        stops = _StopScanner(stop, self.pieces) if stop else None
        out: list[int] = []
        finish, prompt_s = "length", 0.0
        sampling = dict(temp=temperature, top_k=0, top_p=1.0, min_p=0.0, repeat_penalty=1.0)
        for token in self.llama.generate(feed, reset=False, grammar=grammar, **sampling):
            prompt_s = prompt_s or time.perf_counter() - started
            if self._lib.llama_vocab_is_eog(self.vocab, token):
                finish = "stop"
                break
            out.append(token)
            if stops is not None and stops.hit([token]):
                finish = "stop"
                break
            if len(out) >= max_tokens:
                break
        return Generation(
            out,
            self._text(out, stops),
            finish,
            len(prompt_tokens),
            cached,
            0,
            0,
            prompt_s,
            time.perf_counter() - started - prompt_s,
        )


def _keep(cache: OrderedDict, schema: Any, compiled: Any, times: dict) -> None:
    """Add a compiled grammar, dropping the least recently used beyond GRAMMARS_KEPT."""
    cache[schema] = compiled
    while len(cache) > GRAMMARS_KEPT:
        old, _ = cache.popitem(last=False)
        times.pop(old, None)


class _Picker:
    """Greedy at temperature 0, otherwise seeded sampling from softmax(logits / T)."""

    def __init__(self, temperature: float, seed: int):
        self.temperature = temperature
        self.rng = np.random.default_rng(seed) if temperature > 0 else None

    def __call__(self, logits: np.ndarray) -> int:
        if self.rng is None:
            return int(np.argmax(logits))
        scaled = logits / self.temperature
        weights = np.exp(scaled - scaled.max())
        cumulative = np.cumsum(weights)
        return int(np.searchsorted(cumulative, self.rng.random() * cumulative[-1], side="right"))


class _StopScanner:
    """Finds stop strings in the output as it grows, by scanning only the new bytes (plus an
    overlap as long as the longest stop string)."""

    def __init__(self, stop: list[str], pieces: list[bytes]):
        self.stops = [s.encode() for s in stop if s]
        self.longest = max((len(s) for s in self.stops), default=0)
        self.pieces = pieces
        self.buffer = b""

    def hit(self, tokens: list[int]) -> bool:
        start = max(0, len(self.buffer) - self.longest)
        self.buffer += b"".join(self.pieces[t] for t in tokens)
        return any(self.buffer.find(s, start) >= 0 for s in self.stops)

    def cut(self, data: bytes) -> bytes:
        """`data` up to the first stop string."""
        found = [i for s in self.stops if (i := data.find(s)) >= 0]
        return data[: min(found)] if found else data
