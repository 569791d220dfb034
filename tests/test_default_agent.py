"""The default agent: fine-tuned planner and tool roles on the embedded model with gba's
adapter; zero-shot on request or on any other model; a missing adapter is a clear error."""

from __future__ import annotations

import pytest

from gba.client.fake import FakeClient
from gba.config import AgentConfig, ClientConfig, make_client
from gba.defaults import build_agent
from gba.errors import ModelNotFoundError
from gba.models import ADAPTER_DIR, ADAPTERS, default_adapter
from gba.planner import FineTunedPlanner, ZeroShotPlanner


def test_embedded_model_gets_the_fine_tuned_planner_and_adapter():
    cfg = AgentConfig().with_default_adapter()
    assert cfg.planner.kind == "fine-tuned"
    assert cfg.planner.lora == "default" and cfg.tools.lora == "default"
    agent, _ = build_agent(AgentConfig(wikipedia=False), client=FakeClient())
    assert isinstance(agent.planner, FineTunedPlanner)
    assert set(agent.planner.tool_names) == {"ask_user", "calculate_number", "final_answer"}


def test_zero_shot_runs_the_base_model():
    cfg = AgentConfig()
    cfg.planner.kind = "zero-shot"
    resolved = cfg.with_default_adapter()
    assert resolved.planner.lora is None and resolved.tools.lora is None
    agent, _ = build_agent(cfg.model_copy(update={"wikipedia": False}), client=FakeClient())
    assert isinstance(agent.planner, ZeroShotPlanner)


def test_other_models_default_to_zero_shot_without_adapter():
    cfg = AgentConfig(planner={"backend": "openai", "model": "gpt-4o-mini"})
    resolved = cfg.with_default_adapter()
    assert resolved.planner.kind == "zero-shot"
    assert resolved.planner.lora is None and resolved.tools.lora is None


def test_explicit_adapter_is_kept():
    cfg = AgentConfig(planner={"lora": "my.gguf"}, tools={"lora": "my.gguf"})
    resolved = cfg.with_default_adapter()
    assert resolved.planner.lora == "my.gguf" and resolved.tools.lora == "my.gguf"


def test_missing_adapter_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.setenv("GBA_ADAPTER", str(tmp_path / "nothing.gguf"))
    with pytest.raises(ModelNotFoundError, match="zero-shot"):
        default_adapter()
    monkeypatch.delenv("GBA_ADAPTER")
    with pytest.raises(ModelNotFoundError, match="no fine-tuned adapter for 'gemma3-270m'"):
        default_adapter("gemma3-270m")
    with pytest.raises(ModelNotFoundError, match="not found"):
        make_client(ClientConfig(lora=str(tmp_path / "absent.gguf")))


def test_the_committed_adapter_is_there():
    assert (ADAPTER_DIR / ADAPTERS["smollm2"]).is_file(), (
        "data/adapters holds gba's fine-tuned adapter; see data/adapters/README.md")
    assert default_adapter() == ADAPTER_DIR / ADAPTERS["smollm2"]
