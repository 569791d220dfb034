"""Roles -> backends: one small config that says which model serves which role.

The embedded default uses one local model for every role. A TOML file can put each role on
its own server, e.g. the published deployment (three llama.cpp servers side by side):

    [planner]
    backend = "llama-server"
    base_url = "http://127.0.0.1:8080"
    kind = "fine-tuned"

    [tools]
    backend = "llama-server"
    base_url = "http://127.0.0.1:8081"

    [tool_clients.final_answer]
    backend = "llama-server"
    base_url = "http://127.0.0.1:8082"

A file with a syntax error, a wrongly typed value or an unknown key (`modle`, `[toolz]`) is
refused with a ConfigError: one line (problems joined by "; ") naming each key, its line in
the file and what is allowed.

Leaves out assembling the agent from a config (gba.defaults) and the backends themselves
(gba.client).

>>> cfg = AgentConfig()
>>> cfg.planner.backend, cfg.tools.backend
('local', 'local')
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gba.client.base import LLMClient
from gba.client.guided import Engine
from gba.errors import GBAError
from gba.retrieval.web import searxng_url_from_env
from gba.tools.calculate import SAMPLES

Backend = Literal["local", "llama-server", "openai"]
BACKENDS: tuple[str, ...] = get_args(Backend)


class ConfigError(GBAError):
    """A config file that cannot be read, or holds a wrong or unknown key."""


class ClientConfig(BaseModel):
    """How to reach one model."""

    model_config = ConfigDict(extra="forbid")

    backend: Backend = "local"
    model: str | None = Field(default=None, description="local: GGUF spec; openai: model name")
    base_url: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    n_ctx: int = Field(default=4096, ge=256)
    engine: Engine = "llguidance"
    lora: str | None = Field(default=None, description="local: a GGUF LoRA adapter applied at "
                             "load time ('default': gba's adapter for the embedded model)")
    merged: bool = Field(default=True, description="local, with the 'default' adapter: run "
                         "the copy merged into the model's weights as Q8_0 (`gba merge`, made "
                         "at set-up) when there is one; false applies the adapter at run time")
    timeout_s: float = Field(default=120.0, gt=0)
    kv_slots: int = Field(default=6, ge=1, le=16, description="local: KV caches kept, one per "
                          "role (planner, each tool role), so each reuses its own prompt prefix; "
                          "about 94 MB each at n_ctx 4096; 1 shares one cache")
    prefix_cache: bool = Field(default=True, description="local: keep each role's fixed prompt "
                               "prefix evaluated on disk (GBA_HOME/kv), so a new process loads "
                               "it instead of evaluating it (gba.client.prefix_cache)")

    def connection(self) -> ClientConfig:
        """Just the fields that say how to reach the model (drops role-specific extras)."""
        return ClientConfig(**self.model_dump(include=set(ClientConfig.model_fields)))


class PlannerConfig(ClientConfig):
    kind: Literal["auto", "zero-shot", "fine-tuned"] = Field(
        default="auto", description="auto: fine-tuned on the embedded model (gba's adapter), "
        "zero-shot on any other model")
    aliases: dict[str, str] = Field(default_factory=dict,
                                    description="learned tool name -> real tool name")
    tool_names: list[str] | None = Field(
        default=None, description="names a fine-tuned planner learned (default: the real ones)")


class AgentConfig(BaseModel):
    """Everything `gba run` needs. Load from TOML/JSON with `AgentConfig.load`."""

    model_config = ConfigDict(extra="forbid")

    planner: PlannerConfig = Field(default_factory=PlannerConfig)
    tools: ClientConfig | None = Field(default=None, description="default: same as planner")
    tool_clients: dict[str, ClientConfig] = Field(default_factory=dict,
                                                  description="per-tool overrides")
    max_steps: int = Field(default=10, ge=1)
    searxng_url: str | None = Field(default_factory=searxng_url_from_env)
    wikipedia: bool = True
    wikipedia_index: str | None = Field(default=None,
                                        description="index directory (default: the offline one)")
    number_pattern: bool = Field(default=True, description="decode calculations under the "
                                 "pattern that admits only given numbers (gba.tools.calculate)")
    cover_numbers: bool = Field(default=True, description="give the calculation role other "
                                "prompts when its code leaves out a number the user gave "
                                "(gba.tools.coverage)")
    calculation_samples: int = Field(default=SAMPLES, ge=0, le=10, description="codes "
                                     "sampled when every other try of a calculation failed "
                                     "(gba.tools.calculate)")
    answer_when_done: bool = Field(default=True, description="answer without a planner call "
                                   "after a calculation on the whole request (gba.agent)")
    solved_examples: bool = Field(default=True, description="show the calculation role the "
                                  "nearest solved tasks (gba.tools.examples) instead of two "
                                  "fixed ones; the default adapter (v18) was trained with them "
                                  "(README 'wave21'); on when set-up has embedded the bank")

    def model_post_init(self, _context: object) -> None:
        if self.tools is None:
            self.tools = self.planner.connection()

    def with_default_adapter(self) -> AgentConfig:
        """The embedded model's roles get gba's fine-tuned adapter when the planner is the
        fine-tuned one and no adapter was chosen; a zero-shot planner runs the base model."""
        cfg = self.model_copy(deep=True)
        embedded = (None, "smollm2")
        if cfg.planner.kind == "auto":
            on_embedded = cfg.planner.backend == "local" and cfg.planner.model in embedded
            cfg.planner.kind = "fine-tuned" if on_embedded else "zero-shot"
        for role in (cfg.planner, cfg.tools, *cfg.tool_clients.values()):
            if role is None or role.backend != "local" or role.model not in embedded:
                continue
            if cfg.planner.kind == "zero-shot" and role.lora == "default":
                role.lora = None
            elif cfg.planner.kind == "fine-tuned" and role.lora is None:
                role.lora = "default"
        return cfg

    @classmethod
    def load(cls, path: str | Path) -> AgentConfig:
        """Read a TOML (.toml) or JSON file; ConfigError says what is wrong and where."""
        path = Path(path)
        kind = "TOML" if path.suffix == ".toml" else "JSON"
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text) if kind == "TOML" else json.loads(text)
        except OSError as exc:
            raise ConfigError(f"cannot read the config {path}: {exc.strerror}") from None
        except ValueError as exc:  # TOML/JSON syntax (with its line), or not UTF-8
            raise ConfigError(f"{path} is not valid {kind} ({exc}): fix it (a .toml file is "
                              "read as TOML, any other as JSON)") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path} must hold a table of settings, not {type(data).__name__}")
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            lines = text.splitlines() if kind == "TOML" else []
            problems = "; ".join(_problem(err, path, lines) for err in exc.errors())
            raise ConfigError(problems) from None


def _section_model(loc: tuple[str, ...]) -> type[BaseModel]:
    """The config model of the table at `loc` (`()`, `("planner",)`, `("tool_clients", x)`)."""
    if loc[:1] == ("planner",):
        return PlannerConfig
    if loc[:1] == ("tools",) or loc[:1] == ("tool_clients",) and len(loc) == 2:
        return ClientConfig
    return AgentConfig


def _problem(err: Any, path: Path, lines: list[str]) -> str:
    """One pydantic error as `FILE:LINE: key: what is wrong (what is allowed)`."""
    loc = tuple(str(p) for p in err["loc"])
    line = _toml_line(lines, loc)
    where = f"{path}:{line}" if line else str(path)
    key = ".".join(loc)
    if err["type"] == "extra_forbidden":
        allowed = list(_section_model(loc[:-1]).model_fields)
        close = difflib.get_close_matches(loc[-1], allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        table = f" in [{'.'.join(loc[:-1])}]" if loc[:-1] else ""
        return f"{where}: unknown key '{loc[-1]}'{table}: {hint}allowed: {', '.join(allowed)}"
    got = err.get("input")
    shown = f" (got {json.dumps(got, default=str)})" if not isinstance(got, dict) else ""
    return f"{where}: {key}: {err['msg']}{shown}"


_TABLE = re.compile(r"^\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^([A-Za-z0-9_.\"' -]+?)\s*=")


def _toml_line(lines: list[str], loc: tuple[str, ...]) -> int | None:
    """The line number where the key (or table) at `loc` is written, when it can be found."""
    table: tuple[str, ...] = ()
    for number, raw in enumerate(lines, 1):
        text = raw.strip()
        if match := _TABLE.match(text):
            table = _key_path(match.group(1))
            if table == loc:
                return number
        elif match := _KEY.match(text):
            key = table + _key_path(match.group(1))
            if key == loc[:len(key)]:
                return number
    return None


def _key_path(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in dotted.split("."))


class ClientPool:
    """Makes clients from configs, sharing one instance per distinct config (so one local
    model in memory serves every role that names it)."""

    def __init__(self) -> None:
        self._clients: dict[str, LLMClient] = {}

    def get(self, cfg: ClientConfig) -> LLMClient:
        base = cfg.connection()
        key = base.model_dump_json()
        if key not in self._clients:
            self._clients[key] = make_client(base)
        return self._clients[key]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()


def local_weights(cfg: ClientConfig) -> tuple[str | None, str | Path | None]:
    """The model and adapter a local client loads: 'default' is gba's adapter, or the copy
    `gba merge` made of it (the same model as Q8_0, faster to decode) when there is one and
    `cfg.merged` allows it."""
    from gba.merge import merged_path
    from gba.models import default_adapter, resolve_model

    if cfg.lora != "default":
        return cfg.model, cfg.lora
    lora = default_adapter(cfg.model)
    merged = merged_path(resolve_model(cfg.model), lora) if cfg.merged else None
    if merged is not None and merged.is_file():
        return str(merged), None
    return cfg.model, lora


def make_client(cfg: ClientConfig) -> LLMClient:
    """A client for one config."""
    if cfg.backend == "local":
        from gba.client.local import LocalClient

        model, lora = local_weights(cfg)
        return LocalClient(model, n_ctx=cfg.n_ctx, engine=cfg.engine, lora_path=lora,
                           kv_slots=cfg.kv_slots, prefix_cache=cfg.prefix_cache)
    if cfg.backend == "llama-server":
        from gba.client.llama_server import LlamaServerClient

        return LlamaServerClient(cfg.base_url or "http://127.0.0.1:8080", timeout_s=cfg.timeout_s)
    from gba.client.openai_compat import OpenAIClient

    return OpenAIClient(cfg.model or "gpt-4o-mini", base_url=cfg.base_url,
                        api_key=os.environ.get(cfg.api_key_env), timeout_s=cfg.timeout_s)
