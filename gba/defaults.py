"""Assemble the default agent from an `AgentConfig`: clients per role, tools, planner.

Leaves out the agent loop (gba.agent) and how clients are made (gba.config).

>>> from gba.client.fake import FakeClient
>>> agent, notes = build_agent(AgentConfig(wikipedia=False), client=FakeClient())
>>> sorted(agent.tools)
['ask_user', 'calculate_number', 'final_answer']
"""

from __future__ import annotations

from gba.agent import Agent
from gba.client.base import LLMClient
from gba.config import AgentConfig, ClientPool
from gba.errors import GBAError
from gba.planner import FineTunedPlanner, Planner, ZeroShotPlanner
from gba.retrieval.web import SEARXNG_ENV
from gba.tools.ask_user import AskUser, InputFn, terminal_input
from gba.tools.base import Tool
from gba.tools.final_answer import FinalAnswer
from gba.tools.summarize import Summarizer


def default_tools(cfg: AgentConfig, tool_client, input_fn: InputFn = terminal_input
                  ) -> tuple[list[Tool], list[str]]:
    """The default tool set and notes on what is missing (e.g. no SearXNG configured).

    `tool_client(name)` returns the client for a tool.
    """
    from gba.tools.calculate import CalculateNumber

    notes: list[str] = []
    tools: list[Tool] = [AskUser(input_fn), CalculateNumber(
        tool_client("calculate_number"), constrain_numbers=cfg.number_pattern,
        examples=solved_examples(cfg, notes), cover=cfg.cover_numbers,
        samples=cfg.calculation_samples)]
    if cfg.wikipedia:
        try:
            from gba.retrieval.index import load_index
            from gba.tools.search import SearchWikipedia

            index = load_index(cfg.wikipedia_index)  # fails fast when no index is built
            tools.append(SearchWikipedia(tool_client("search_wikipedia"), index))
        except ImportError as exc:
            notes.append(f"search_wikipedia is off: {exc} (pip install 'gba[search]')")
        except GBAError as exc:  # no index yet: say so, run without it
            notes.append(f"search_wikipedia is off: {exc}")
    if cfg.searxng_url:
        from gba.tools.search import SearchInternet

        tools.append(SearchInternet(tool_client("search_internet"), cfg.searxng_url))
    else:
        notes.append(f"search_internet is off: no SearXNG URL (set {SEARXNG_ENV} or "
                     "--searxng-url; see README 'Internet search').")
    tools.append(FinalAnswer(tool_client("final_answer")))
    return tools, notes


def solved_examples(cfg: AgentConfig, notes: list[str]):
    """The calculation role's bank of solved tasks, or None (a note says why) when it is off
    or cannot load: the role then shows its two fixed examples."""
    if not cfg.solved_examples:
        return None
    try:
        from gba.retrieval.embedder import DEFAULT_EMBEDDER
        from gba.tools.examples import BANK_PATH, load_bank, read_pairs, vectors_path

        if not vectors_path(read_pairs(BANK_PATH), DEFAULT_EMBEDDER).is_file():
            notes.append("solved examples are off: the bank is not embedded yet (run `gba index "
                         "examples`, as set-up does)")
            return None  # never minutes of embedding inside a request
        return load_bank()
    except ImportError as exc:
        notes.append(f"solved examples are off: {exc} (pip install 'gba[search]')")
    except GBAError as exc:
        notes.append(f"solved examples are off: {exc}")
    return None


def build_agent(cfg: AgentConfig, *, input_fn: InputFn = terminal_input,
                pool: ClientPool | None = None, client: LLMClient | None = None,
                tools: list[Tool] | None = None) -> tuple[Agent, list[str]]:
    """The agent described by `cfg`. Pass `client` to use one client for every role
    (tests, notebooks), or `tools` to replace the default tool set."""
    pool = pool or ClientPool()
    cfg = cfg.with_default_adapter()

    def tool_client(name: str) -> LLMClient:
        if client is not None:
            return client
        return pool.get(cfg.tool_clients.get(name) or cfg.tools)  # type: ignore[arg-type]

    planner_client = client or pool.get(cfg.planner)
    notes: list[str] = []
    if tools is None:
        tools, notes = default_tools(cfg, tool_client, input_fn)
    planner: Planner
    if cfg.planner.kind == "fine-tuned":
        learned = cfg.planner.tool_names or [t.name for t in tools]
        planner = FineTunedPlanner(planner_client, learned)
    else:
        planner = ZeroShotPlanner(planner_client, tools)
    agent = Agent(planner, tools, max_steps=cfg.max_steps, aliases=cfg.planner.aliases,
                  summarizer=Summarizer(tool_client("summarize")),
                  answer_when_done=cfg.answer_when_done)
    return agent, notes
