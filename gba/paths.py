"""Where gba keeps caches (built indexes, downloaded models, compiled servers).

`GBA_HOME` overrides the default `~/.cache/gba`.

Leaves out what goes into the caches (indexes, models, the llama-server build).

>>> cache_dir("index").name
'index'
"""

from __future__ import annotations

import os
from pathlib import Path


def gba_home() -> Path:
    return Path(os.environ.get("GBA_HOME") or Path.home() / ".cache" / "gba")


def package_dir(module: str) -> Path | None:
    """The folder of an installed package, found without importing it (data-only packages
    such as the embedded model may have imports we do not want), or None if not installed."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def cache_dir(*parts: str, create: bool = False) -> Path:
    """A folder under gba's cache; made when `create` is true."""
    path = gba_home().joinpath(*parts)
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path
