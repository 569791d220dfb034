"""Export round trip: a few-step adapter is merged, converted by llama.cpp's tools to F16,
quantized to Q8_0 and Q4_K_M, loads in llama.cpp and agrees with transformers on greedy tokens;
the GGUF adapter applies at load time."""

from __future__ import annotations

import shutil

import pytest

from gba.training.llama_cpp_tools import ExportError, quantize
from gba.training.validate import common_prefix

pytestmark = pytest.mark.integration

NEAR_TIE = 0.25  # logits


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    pytest.importorskip("trl")
    pytest.importorskip("llama_cpp")
    from test_training import toy_config

    from gba.training.export import export
    from gba.training.sft import train

    folder = tmp_path_factory.mktemp("export")
    result = train(toy_config(folder, max_steps=2, eval_every=2, save_every=2))
    yield export(result.run_dir)
    shutil.rmtree(folder, ignore_errors=True)  # about 1 GB of merged and GGUF files


def test_export_writes_the_expected_gguf_types(exported):
    types = {name: f.file_type for name, f in exported.files.items()}
    assert types == {"f16": "MOSTLY_F16", "q8_0": "MOSTLY_Q8_0", "q4_k_m": "MOSTLY_Q4_K_M",
                     "adapter": "F16"}
    sizes = {name: f.size_mb for name, f in exported.files.items()}
    assert sizes["f16"] > sizes["q8_0"] > sizes["q4_k_m"] > 10 * sizes["adapter"]
    assert sizes["adapter"] < 20


def test_f16_gguf_agrees_with_transformers_on_greedy_tokens(exported):
    from pathlib import Path

    from test_training import toy_examples

    from gba.training.validate import divergence_gaps, gguf_outputs, reference_outputs

    merged = Path(exported.merged_dir)
    prompts = [e.prompt for e in toy_examples("validation")[:3]]
    reference = reference_outputs(merged, prompts, max_tokens=12)
    outputs, _ = gguf_outputs(Path(exported.files["f16"].path), prompts, max_tokens=12)
    gaps = divergence_gaps(merged, prompts, reference, outputs)
    # A two-step toy adapter leaves near ties that F16 rounding flips on some CPUs (CI saw one
    # at the first token); a real conversion bug differs by whole logits.
    agreement = [1.0 if gap is not None and abs(gap) < NEAR_TIE else common_prefix(r, o) / len(r)
                 for r, o, gap in zip(reference, outputs, gaps, strict=True)]
    assert sum(agreement) / len(agreement) >= 0.9, (reference, outputs, gaps)


def test_adapter_gguf_applies_at_load_time(exported, model_path):
    from gba.client.local import LocalClient

    with LocalClient(model_path, n_ctx=512, engine="none",
                     lora_path=exported.files["adapter"].path) as client:
        assert client.lora_path is not None
        text = client.complete("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
                               max_tokens=4, temperature=0.0).text
    assert isinstance(text, str)


def test_unknown_quantization_is_refused(tmp_path):
    with pytest.raises(ExportError, match="unknown quantization"):
        quantize(tmp_path / "a.gguf", tmp_path / "b.gguf", "q3_weird")
