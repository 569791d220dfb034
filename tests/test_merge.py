"""Merging a GGUF LoRA adapter into its base (gba.merge) and when a client loads the merged
copy (gba.config.local_weights), on tiny GGUF files written here."""

from __future__ import annotations

from difflib import SequenceMatcher

import numpy as np
import pytest

from gba.config import ClientConfig, local_weights
from gba.errors import GBAError
from gba.merge import merge_adapter, merged_path

gguf = pytest.importorskip("gguf")

RNG = np.random.default_rng(0)
W = RNG.normal(size=(8, 64)).astype(np.float32)
NORM = RNG.normal(size=64).astype(np.float32)
A = RNG.normal(scale=0.1, size=(4, 64)).astype(np.float32)  # (r, n_in)
B = RNG.normal(scale=0.1, size=(8, 4)).astype(np.float32)  # (n_out, r)
ALPHA = 8.0


def write(path, tensors, fields=None):
    writer = gguf.GGUFWriter(path, "llama")
    for key, value in (fields or {}).items():
        (writer.add_float32 if isinstance(value, float) else writer.add_string)(key, value)
    for name, data in tensors.items():
        writer.add_tensor(name, data)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


@pytest.fixture
def files(tmp_path):
    base = write(tmp_path / "base.gguf", {"blk.0.attn_q.weight": W,
                                          "blk.0.attn_norm.weight": NORM},
                 {"general.name": "tiny"})
    adapter = write(tmp_path / "adapter.gguf", {"blk.0.attn_q.weight.lora_a": A,
                                                "blk.0.attn_q.weight.lora_b": B},
                    {"general.type": "adapter", "adapter.type": "lora",
                     "adapter.lora.alpha": ALPHA})
    return base, adapter


def tensors(path):
    reader = gguf.GGUFReader(path)
    return {t.name: gguf.quants.dequantize(np.asarray(t.data), t.tensor_type)
            for t in reader.tensors}, reader


def test_the_merged_weight_is_the_base_plus_the_scaled_low_rank_product(files, tmp_path):
    base, adapter = files
    out = merge_adapter(base, adapter, tmp_path / "merged.gguf")
    merged, reader = tensors(out)
    expected = W + (ALPHA / 4) * (B @ A)
    q = next(t for t in reader.tensors if t.name == "blk.0.attn_q.weight")
    assert q.tensor_type == gguf.GGMLQuantizationType.Q8_0
    assert np.abs(merged["blk.0.attn_q.weight"] - expected).max() < 0.02 * np.abs(expected).max()
    assert np.abs(merged["blk.0.attn_q.weight"] - W).max() > 0.1  # the adapter did change it
    assert np.array_equal(merged["blk.0.attn_norm.weight"], NORM)  # untouched floats stay
    assert reader.fields["general.name"].contents() == "tiny"
    assert not list(tmp_path.glob("*.part"))


def test_merging_what_is_not_an_adapter_or_another_models_adapter_fails_clearly(files, tmp_path):
    base, adapter = files
    with pytest.raises(GBAError, match="not a LoRA adapter"):
        merge_adapter(base, base, tmp_path / "m.gguf")
    other = write(tmp_path / "other.gguf", {"blk.9.ffn_up.weight.lora_a": A,
                                            "blk.9.ffn_up.weight.lora_b": B},
                  {"general.type": "adapter", "adapter.lora.alpha": ALPHA})
    with pytest.raises(GBAError, match="changes no weight"):
        merge_adapter(base, other, tmp_path / "m.gguf")
    assert not (tmp_path / "m.gguf").exists()


def test_the_default_adapter_runs_merged_only_when_its_own_merge_exists(files, tmp_path,
                                                                         monkeypatch):
    base, adapter = files
    monkeypatch.setenv("GBA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GBA_ADAPTER", str(adapter))
    cfg = ClientConfig(model=str(base), lora="default")
    assert local_weights(cfg) == (str(base), adapter)  # nothing merged yet: run-time adapter
    target = merged_path(base, adapter)
    merge_adapter(base, adapter, target)
    assert local_weights(cfg) == (str(target), None)
    assert local_weights(cfg.model_copy(update={"merged": False})) == (str(base), adapter)
    explicit = cfg.model_copy(update={"lora": str(adapter)})
    assert local_weights(explicit) == (str(base), str(adapter))  # a chosen adapter: as given
    adapter.write_bytes(adapter.read_bytes() + b"\0" * 32)  # a changed adapter: a new name
    assert merged_path(base, adapter) != target
    assert local_weights(cfg) == (str(base), adapter)


@pytest.mark.integration
def test_the_merged_default_plans_like_the_adapter_at_run_time(model_path, tmp_path):
    """On the embedded model and gba's adapter: the Q8_0 merge that set-up makes gives the
    planner's greedy decisions of the run-time adapter on three requests (Q8_0 rounding may
    not change a decision; it may change a word of a task: "each day" for "per day")."""
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    from gba.client.local import LocalClient
    from gba.models import default_adapter
    from gba.planner import FineTunedPlanner

    adapter = default_adapter()
    merged = merged_path(model_path, adapter)
    if merged is None or not merged.is_file():
        merged = merge_adapter(model_path, adapter, tmp_path / "merged.gguf")
    tools = ["ask_user", "calculate_number", "search_wikipedia", "final_answer"]
    requests = ["What is 17 times 23, plus 4?", "When was Albert Einstein born?",
                "How much will I spend on coffee in a year?"]
    outputs = []
    for model, lora in ((model_path, adapter), (merged, None)):
        with LocalClient(model, n_ctx=1024, lora_path=lora, n_threads=1) as client:
            planner = FineTunedPlanner(client, tools)
            outputs.append([planner.plan(r, [])[0] for r in requests])
    run_time, merged_out = outputs
    assert [p.selected_tool for p in run_time] == ["calculate_number", "search_wikipedia",
                                                   "ask_user"]
    assert [p.selected_tool for p in merged_out] == [p.selected_tool for p in run_time]
    for a, b in zip(merged_out, run_time, strict=True):
        assert SequenceMatcher(None, a.task, b.task).ratio() >= 0.8, (a.task, b.task)
