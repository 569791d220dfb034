from __future__ import annotations

from pathlib import Path

import pytest

from gba.client import FakeClient
from gba.config import AgentConfig, ClientConfig, ClientPool
from gba.defaults import build_agent
from gba.errors import ModelNotFoundError
from gba.models import resolve_model

ROOT = Path(__file__).resolve().parents[1]


def test_published_config_maps_roles_to_three_servers():
    cfg = AgentConfig.load(ROOT / "configs" / "published.toml")
    assert cfg.planner.kind == "fine-tuned"
    urls = {cfg.planner.base_url, cfg.tools.base_url, cfg.tool_clients["final_answer"].base_url}
    assert urls == {"http://127.0.0.1:8080", "http://127.0.0.1:8081", "http://127.0.0.1:8082"}


def test_tools_default_to_the_planner_backend():
    cfg = AgentConfig.model_validate({"planner": {"backend": "openai", "model": "gpt-4o"}})
    assert cfg.tools.backend == "openai" and cfg.tools.model == "gpt-4o"


def test_pool_shares_one_client_per_distinct_config(monkeypatch):
    made = []
    monkeypatch.setattr("gba.config.make_client", lambda cfg: made.append(cfg) or FakeClient())
    pool = ClientPool()
    a = pool.get(ClientConfig())
    b = pool.get(AgentConfig().planner)  # same backend settings, planner-only fields differ
    c = pool.get(ClientConfig(backend="openai", model="x"))
    assert a is b and a is not c and len(made) == 2


def test_build_agent_notes_what_is_off_and_uses_fine_tuned_aliases():
    cfg = AgentConfig.model_validate({"wikipedia": False, "searxng_url": None, "planner": {
        "kind": "fine-tuned", "tool_names": ["calc", "respond"],
        "aliases": {"calc": "calculate_number", "respond": "final_answer"}}})
    agent, notes = build_agent(cfg, client=FakeClient())
    assert any("search_internet is off" in n for n in notes)
    assert agent.planner.tool_names == ("calc", "respond")
    assert agent.resolve_tool("calc").name == "calculate_number"


def test_missing_model_says_how_to_get_it(tmp_path):
    with pytest.raises(ModelNotFoundError, match="hf:OWNER/REPO/FILE.gguf"):
        resolve_model(tmp_path / "nope.gguf")
    with pytest.raises(ModelNotFoundError, match="OWNER/REPO/FILE"):
        resolve_model("hf:only-one-part")


@pytest.mark.integration
def test_local_clients_keep_one_kv_cache_per_role_by_default():
    from gba.config import make_client

    with make_client(ClientConfig()) as client:
        assert client.kv_slots == ClientConfig().kv_slots >= 5  # planner + four tool roles
    with make_client(ClientConfig(kv_slots=1)) as client:
        assert client.kv_slots == 1
