"""Merge a trained LoRA adapter into its base, export GGUF files with llama.cpp's own tools.

`export(run_dir)` writes into `<run_dir>/gguf/`:

    model-f16.gguf      merged model, converted by llama.cpp's convert_hf_to_gguf.py
    model-q8_0.gguf     quantized by llama.cpp's quantizer (llama-cpp-python binding)
    model-q4_k_m.gguf
    adapter-f16.gguf    the adapter alone (convert_lora_to_gguf.py), applied by llama.cpp at
                        load time (`LocalClient(lora_path=...)`)

and `export.json` with the file sizes and types. The merged HF checkpoint stays in
`<run_dir>/merged/` for validation. Nothing here writes GGUF bytes itself.

>>> ExportResult(run_dir="r", merged_dir="r/merged", files={}).files
{}
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pydantic import BaseModel

from gba.training.llama_cpp_tools import ExportError, gguf_file_type, quantize, run_script

DEFAULT_QUANTS = ("q8_0", "q4_k_m")


class ExportedFile(BaseModel):
    path: str
    file_type: str
    size_mb: float


class ExportResult(BaseModel):
    run_dir: str
    merged_dir: str
    files: dict[str, ExportedFile]


def adapter_base(adapter_dir: Path) -> str:
    """The base checkpoint an adapter was trained on (written by gba.training.sft)."""
    note = adapter_dir / "base_model.txt"
    if note.is_file():
        return note.read_text().strip()
    import json

    config = adapter_dir / "adapter_config.json"
    if not config.is_file():
        raise ExportError(f"{adapter_dir} holds no trained adapter (adapter_config.json); run "
                          "`gba train` first")
    return json.loads(config.read_text())["base_model_name_or_path"]


def merge(adapter_dir: Path, out_dir: Path) -> Path:
    """Base + adapter merged into one float32 HF checkpoint (with the tokenizer)."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base = adapter_base(adapter_dir)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    model = PeftModel.from_pretrained(model, str(adapter_dir)).merge_and_unload()
    partial = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    model.save_pretrained(partial)
    AutoTokenizer.from_pretrained(str(adapter_dir)).save_pretrained(partial)
    shutil.rmtree(out_dir, ignore_errors=True)
    partial.rename(out_dir)
    return out_dir


def convert_model(hf_dir: Path, out_file: Path) -> Path:
    run_script("convert_hf_to_gguf.py", str(hf_dir), "--outtype", "f16", "--outfile",
               str(out_file))
    return out_file


def convert_adapter(adapter_dir: Path, out_file: Path) -> Path:
    run_script("convert_lora_to_gguf.py", str(adapter_dir), "--base", adapter_base(adapter_dir),
               "--outtype", "f16", "--outfile", str(out_file))
    return out_file


def export(run_dir: str | Path, quants: tuple[str, ...] | list[str] = DEFAULT_QUANTS,
           adapter_out: str | Path | None = None, keep_merged: bool = True) -> ExportResult:
    """Merge, convert to F16, quantize, and export the adapter; skip files already made (so an
    interrupted export resumes). `adapter_out` also copies the adapter GGUF there."""
    from tqdm import tqdm

    run_dir = Path(run_dir)
    adapter_dir = run_dir / "adapter"
    adapter_base(adapter_dir)  # fails early, with a message, when there is no adapter
    out = run_dir / "gguf"
    out.mkdir(parents=True, exist_ok=True)
    merged = run_dir / "merged"
    f16 = out / "model-f16.gguf"
    steps = ["merge", "f16", *quants, "adapter"]
    files: dict[str, Path] = {}
    for step in tqdm(steps, desc="export", unit="file"):
        if step == "merge":
            if not (merged / "config.json").is_file():
                merge(adapter_dir, merged)
        elif step == "f16":
            files["f16"] = f16 if f16.is_file() else convert_model(merged, f16)
        elif step == "adapter":
            target = out / "adapter-f16.gguf"
            files["adapter"] = target if target.is_file() else convert_adapter(adapter_dir, target)
        else:
            target = out / f"model-{step}.gguf"
            files[step] = target if target.is_file() else quantize(f16, target, step)
    if adapter_out:
        Path(adapter_out).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(files["adapter"], adapter_out)
    if not keep_merged:
        shutil.rmtree(merged, ignore_errors=True)
    result = ExportResult(run_dir=str(run_dir), merged_dir=str(merged), files={
        name: ExportedFile(path=str(path), file_type=gguf_file_type(path),
                           size_mb=round(path.stat().st_size / 2**20, 2))
        for name, path in files.items()})
    (run_dir / "export.json").write_text(result.model_dump_json(indent=2))
    return result
