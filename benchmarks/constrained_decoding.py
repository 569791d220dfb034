"""Schema-constrained vs unconstrained decoding speed on the embedded model, side by side.

For each engine, a planner-shaped object is generated under its schema (greedy, cached
prompt); then the same number of tokens is generated without any constraint (end-of-text
ignored), and the ratio of tokens per second is printed. Forced tokens (fast-forwarded by
llguidance without sampling) count as output tokens, as they are part of the answer.
Each run starts from the same cached prompt, so every timing covers the evaluation of the
prompt's last token plus all output tokens. Also printed: grammar compile times, and the
same comparison on llama.cpp's native llama-server when scripts/build_llama_server.sh has
built it.

    python benchmarks/constrained_decoding.py [--model smollm2] [--threads 2] [--repeats 3]
"""

from __future__ import annotations

import argparse
import time
from typing import Literal

from pydantic import BaseModel, Field

from gba.client.base import Message


class PlannerStep(BaseModel):
    """The shape of a planner's output: what it knows, what it thinks, the next task, the tool."""

    context_information_summary: str = Field(max_length=300, description="What is known.")
    thoughts: str = Field(max_length=300, description="Reasoning about what to do next.")
    task: str = Field(max_length=200, description="The informal task for the selected tool.")
    selected_tool: Literal[
        "ask_user",
        "search_wikipedia",
        "search_internet",
        "calculate_number",
        "summarize",
        "final_answer",
    ]


MESSAGES = [
    Message(
        role="system",
        content=(
            "You are the planner of an agent. Given the user's request and the steps so far, "
            "summarize what is known, think about what to do next, write the next task in plain "
            "words and select one tool: ask_user, search_wikipedia, search_internet, "
            "calculate_number, summarize or final_answer. Answer with a JSON object."
        ),
    ),
    Message(
        role="user",
        content=(
            "Request: How many years passed between the founding of the University of Oxford and "
            "the first flight of the Wright brothers?\nSteps so far: none."
        ),
    ),
]


def timed_run(client, tokens, **kwargs):
    """One generation from the cached prompt; returns (generation, seconds)."""
    client.decoder.reuse_prefix(tokens)  # the prompt minus its last token stays cached
    started = time.perf_counter()
    generation = client.decoder.run(tokens, **kwargs)
    return generation, time.perf_counter() - started


def llama_cpp_python_loop(client, tokens, n):
    """Seconds for n unconstrained greedy tokens with llama-cpp-python's own generate()."""
    _, suffix = client.decoder.reuse_prefix(tokens)
    started = time.perf_counter()
    produced = 0
    sampling = dict(temp=0.0, top_k=0, top_p=1.0, min_p=0.0, repeat_penalty=1.0)
    for _ in client.llama.generate(suffix, reset=False, **sampling):
        produced += 1
        if produced >= n:
            break
    return time.perf_counter() - started


def full_mask_every_token(client, tokens, max_tokens):
    """The plain logits-processor approach, for comparison: compute the whole vocabulary
    mask at every step, then take the argmax. Returns (tokens produced, seconds)."""
    import numpy as np
    from llguidance.numpy import fill_next_token_bitmask

    decoder = client.decoder
    matcher = decoder.matcher(PlannerStep)
    bitmask = np.zeros_like(decoder._bitmask)
    _, suffix = decoder.reuse_prefix(tokens)
    started = time.perf_counter()
    decoder._eval(suffix)
    out = 0
    while out < max_tokens and not matcher.is_stopped():
        fill_next_token_bitmask(matcher, bitmask)
        allowed = np.unpackbits(bitmask.view(np.uint8), bitorder="little")[: decoder.n_vocab]
        token = int(np.argmax(np.where(allowed.astype(bool), decoder._logits(), -np.inf)))
        matcher.consume_token(token)
        out += 1
        if not matcher.is_stopped():
            decoder._eval([token])
    return out, time.perf_counter() - started


VARIANTS = {
    "llguidance": dict(engine="llguidance"),
    "llguidance, no fast-forward": dict(engine="llguidance", fast_forward=False),
    "llguidance, full mask per token": None,
    "gbnf (llama-cpp-python)": dict(engine="gbnf"),
}


def compare(client, tokens, name, repeats):
    """Tokens/s constrained vs unconstrained (same token count), best of interleaved runs
    (the fastest run is the one least disturbed by other processes)."""
    rows = []
    for _ in range(repeats):
        if VARIANTS[name] is None:
            n, seconds = full_mask_every_token(client, tokens, 400)
            generation, chars = None, 0
        else:
            generation, seconds = timed_run(
                client, tokens, schema=PlannerStep, max_tokens=400, **VARIANTS[name]
            )
            PlannerStep.model_validate_json(generation.text)  # never trust the grammar blindly
            n, chars = len(generation.tokens), len(generation.text)
        free, free_s = timed_run(client, tokens, engine="none", max_tokens=n, ignore_eos=True)
        assert len(free.tokens) == n
        rows.append((n, seconds, free_s, llama_cpp_python_loop(client, tokens, n), generation,
                     chars, len(free.text)))
    n = rows[0][0]
    result = dict(
        tokens=n,
        constrained=n / min(r[1] for r in rows),
        own=n / min(r[2] for r in rows),
        library=n / min(r[3] for r in rows),
        generation=rows[0][4],
        # tokens/s can flatter fast-forwarding (forced text may split into more tokens than the
        # model would choose), so also: seconds per object and characters per second
        s_per_object=min(r[1] for r in rows),
        chars_per_s=rows[0][5] / min(r[1] for r in rows),
        free_chars_per_s=rows[0][6] / min(r[2] for r in rows),
    )
    result["ratio"] = result["constrained"] / max(result["own"], result["library"])
    return result


def compile_times(client):
    """First-use costs: llguidance tokenizer and grammar, llama.cpp's GBNF parse."""
    from gba.grammar import gbnf_for, llguidance_grammar_for

    decoder = client.decoder
    started = time.perf_counter()
    decoder.lltokenizer()
    tokenizer_s = time.perf_counter() - started
    started = time.perf_counter()
    llguidance_grammar_for(PlannerStep)
    decoder.matcher(PlannerStep)
    llg_s = time.perf_counter() - started
    started = time.perf_counter()
    gbnf_for(PlannerStep)
    decoder.gbnf_grammar(PlannerStep)
    gbnf_s = time.perf_counter() - started
    return tokenizer_s, llg_s, gbnf_s


def server_comparison(model_path, threads, repeats, n_tokens=225):
    """The same comparison on llama-server: json_schema vs ignore_eos, same n_predict."""
    import httpx

    from gba.client.llama_server import LlamaServerClient
    from gba.client.server_process import find_llama_server, start_llama_server
    from gba.grammar import json_schema_for

    if find_llama_server() is None:
        print("llama-server: not built (scripts/build_llama_server.sh); skipped")
        return
    with start_llama_server(model_path, n_ctx=2048, threads=threads) as url:
        base = {"prompt": LlamaServerClient(url).render(MESSAGES), "temperature": 0.0}

        def post(body):
            answer = httpx.post(url + "/completion", json={**base, **body}, timeout=300)
            return answer.json()["timings"]

        post({"n_predict": 4})
        constrained, free = [], []
        for _ in range(repeats):
            schema = json_schema_for(PlannerStep)
            # llama.cpp's grammar sampler slows to a crawl on maxLength (it unrolls 300 nested
            # optional characters), so the server gets the same object without length bounds.
            schema = {
                **schema,
                "properties": {
                    k: {kk: vv for kk, vv in v.items() if kk != "maxLength"}
                    for k, v in schema["properties"].items()
                },
            }
            timings = post({"n_predict": n_tokens, "json_schema": schema})
            constrained.append(timings)
            free.append(post({"n_predict": timings["predicted_n"], "ignore_eos": True}))
        c = max(t["predicted_per_second"] for t in constrained)
        f = max(t["predicted_per_second"] for t in free)
        n = constrained[0]["predicted_n"]
        print(
            f"{'llama-server (native)':32s} {n:4d} tokens  {c:6.1f} vs {f:6.1f} tok/s  "
            f"ratio {c / f:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model spec or GGUF path (default: embedded)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement (best)")
    parser.add_argument("--no-server", action="store_true", help="skip the llama-server part")
    parser.add_argument("--server-only", action="store_true", help="only the llama-server part")
    args = parser.parse_args()

    from gba.client.local import LocalClient
    from gba.models import resolve_model

    if args.server_only:
        server_comparison(resolve_model(args.model), args.threads, args.repeats)
        return
    started = time.perf_counter()
    client = LocalClient(args.model, n_ctx=2048, n_threads=args.threads)
    load_s = time.perf_counter() - started
    tokenizer_s, llg_s, gbnf_s = compile_times(client)
    tokens = client.tokenize(MESSAGES)
    print(
        f"model {client.model_path.name}, {args.threads} threads, prompt {len(tokens)} tokens, "
        f"greedy, best of {args.repeats} interleaved runs"
    )
    print(
        f"load {load_s:.2f} s; compile: llguidance tokenizer {tokenizer_s * 1000:.0f} ms (once "
        f"per model), llguidance grammar {llg_s * 1000:.1f} ms, GBNF grammar "
        f"{gbnf_s * 1000:.1f} ms (once per schema)"
    )
    timed_run(client, tokens, schema=PlannerStep, max_tokens=400)  # warm-up
    print(
        f"{'constrained variant':32s} tokens  constrained vs unconstrained tok/s  ratio  "
        "(unconstrained = faster of our loop / llama-cpp-python's loop)"
    )
    for name in VARIANTS:
        r = compare(client, tokens, name, args.repeats)
        unconstrained = max(r["own"], r["library"])
        detail = f"our loop {r['own']:.1f}, llama-cpp-python {r['library']:.1f}"
        if r["generation"] is not None and r["generation"].forced_tokens:
            g = r["generation"]
            detail += f"; {g.forced_tokens} forced, {g.masks_computed} masks"
        print(
            f"{name:32s} {r['tokens']:4d} tokens  {r['constrained']:6.1f} vs {unconstrained:6.1f} "
            f"tok/s  ratio {r['ratio']:.2f}  ({detail})"
        )
        if r["chars_per_s"]:
            print(f"{'':32s} {r['s_per_object']:.2f} s per object; {r['chars_per_s']:.0f} vs "
                  f"{r['free_chars_per_s']:.0f} chars/s unconstrained, ratio "
                  f"{r['chars_per_s'] / r['free_chars_per_s']:.2f}")
        if name == "llguidance":
            sample = r["generation"].text
    print(f"llguidance output: {sample[:200]}...")
    model_path = client.model_path
    client.close()
    if not args.no_server:
        server_comparison(model_path, args.threads, args.repeats)


if __name__ == "__main__":
    main()
