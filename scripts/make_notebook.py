"""Write a notebook from a list of (kind, source) cells: `python scripts/make_notebook.py`
is not run by users; the simulation notebooks are generated here once and committed."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def write(path: str | Path, cells: list[tuple[str, str]]) -> None:
    nb = {"cells": [], "metadata": {"kernelspec": {"display_name": "Python 3",
                                                   "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    for i, (kind, source) in enumerate(cells):
        cell = {"cell_type": kind, "id": f"c{i:02d}", "metadata": {},
                "source": source.strip("\n").splitlines(keepends=True)}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        nb["cells"].append(cell)
    Path(path).write_text(json.dumps(nb, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit("import this module and call write()")
