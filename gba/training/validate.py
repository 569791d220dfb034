"""Do the exported GGUF files generate what the merged transformers model generates?

For held-out prompts, greedy decoding with the merged HF checkpoint (float32, the reference)
and with each GGUF file in llama.cpp (no grammar, temperature 0); per file we report
`prefix_agreement` (mean share of the reference tokens reproduced before the first
difference), `exact_match` (share of prompts with identical output), decoding speed and size.
Validation loss is the trainer's (metrics.json). What the outputs are worth to the agent is
the evaluation's job, not this module's.

Where the two first differ, `divergence_gaps` asks the reference how far apart the two
tokens were: a gap of a few hundredths of a logit is a near tie that F16 rounding may flip on
another CPU, not a conversion bug.

>>> common_prefix([1, 2, 3], [1, 2, 4])
2
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from gba.client.prefix_cache import common_prefix
from gba.simulation.records import Example


class AgreementRow(BaseModel):
    model: str
    file_type: str
    size_mb: float
    prefix_agreement: float
    exact_match: float
    tokens_per_second: float


@lru_cache(maxsize=1)
def _reference_model(merged_dir: Path) -> tuple[Any, Any]:
    """The merged HF checkpoint (float32) and its tokenizer, loaded once per folder."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(merged_dir)
    model = AutoModelForCausalLM.from_pretrained(merged_dir, dtype=torch.float32).eval()
    return tokenizer, model


def divergence_gaps(merged_dir: Path, prompts: list[str], reference: list[list[int]],
                    outputs: list[list[int]]) -> list[float | None]:
    """Per prompt, the reference's logit of its own token minus that of llama.cpp's token at
    the first difference (None where one output is a prefix of the other)."""
    import torch

    tokenizer, model = _reference_model(Path(merged_dir))
    gaps: list[float | None] = []
    with torch.no_grad():
        for prompt, ref, out in zip(prompts, reference, outputs, strict=True):
            n = common_prefix(ref, out)
            if n >= min(len(ref), len(out)):
                gaps.append(None)
                continue
            ids = tokenizer(prompt, add_special_tokens=False).input_ids + ref[:n]
            logits = model(torch.tensor([ids])).logits[0, -1]
            gaps.append(float(logits[ref[n]] - logits[out[n]]))
    return gaps


def reference_outputs(merged_dir: Path, prompts: list[str], max_tokens: int) -> list[list[int]]:
    """Greedy continuations (token ids, end-of-turn included) from the merged HF model."""
    import torch

    tokenizer, model = _reference_model(Path(merged_dir))
    outputs = []
    with torch.no_grad():
        for prompt in prompts:
            ids = tokenizer(prompt, add_special_tokens=False, return_tensors="pt").input_ids
            out = model.generate(ids, attention_mask=torch.ones_like(ids), do_sample=False,
                                 max_new_tokens=max_tokens, eos_token_id=tokenizer.eos_token_id,
                                 pad_token_id=tokenizer.eos_token_id)
            outputs.append(out[0, ids.shape[1]:].tolist())
    return outputs


def gguf_outputs(model: Path, prompts: list[str], max_tokens: int,
                 lora_path: Path | None = None) -> tuple[list[list[int]], float]:
    """Greedy continuations from llama.cpp (end-of-turn appended when it stopped there), and
    decoding tokens/s."""
    from gba.client.local import LocalClient

    client = LocalClient(model, n_ctx=2048, engine="none", lora_path=lora_path)
    eos = client.llama.token_eos()
    outputs, tokens, seconds = [], 0, 0.0
    try:
        for prompt in prompts:
            completion = client.complete(prompt, max_tokens=max_tokens, temperature=0.0)
            generated = list(client.last_generation.tokens)
            if completion.finish_reason == "stop" and (not generated or generated[-1] != eos):
                generated.append(eos)
            outputs.append(generated)
            tokens += completion.usage.completion_tokens
            seconds += completion.timings.generation_s or 0.0
    finally:
        client.close()
    return outputs, tokens / seconds if seconds else 0.0


def agreement_table(merged_dir: Path, files: dict[str, tuple[Path, str, float]],
                    examples: list[Example], max_tokens: int = 48) -> list[AgreementRow]:
    """One row per GGUF file (`files`: name -> (path, file type, size MB))."""
    from tqdm import tqdm

    prompts = [e.prompt for e in examples]
    reference = reference_outputs(merged_dir, prompts, max_tokens)
    rows = []
    for name, (path, file_type, size_mb) in tqdm(files.items(), desc="agreement", unit="file"):
        outputs, speed = gguf_outputs(path, prompts, max_tokens)
        shares = [common_prefix(ref, out) / max(len(ref), 1) for ref, out in
                  zip(reference, outputs, strict=True)]
        exact = [ref == out for ref, out in zip(reference, outputs, strict=True)]
        rows.append(AgreementRow(
            model=name, file_type=file_type, size_mb=size_mb,
            prefix_agreement=round(sum(shares) / len(shares), 3),
            exact_match=round(sum(exact) / len(exact), 3), tokens_per_second=round(speed, 1)))
    return rows


def validate_export(run_dir: str | Path, examples: list[Example], max_tokens: int = 48
                    ) -> list[AgreementRow]:
    """Agreement of every model GGUF in `<run_dir>/export.json` with the merged model; saved
    as `<run_dir>/agreement.json`."""
    import json

    from gba.training.export import ExportResult

    run_dir = Path(run_dir)
    exported = ExportResult.model_validate_json((run_dir / "export.json").read_text())
    files = {name: (Path(f.path), f.file_type, f.size_mb)
             for name, f in exported.files.items() if name != "adapter"}
    rows = agreement_table(Path(exported.merged_dir), files, examples, max_tokens)
    (run_dir / "agreement.json").write_text(
        json.dumps([r.model_dump() for r in rows], indent=2))
    return rows
