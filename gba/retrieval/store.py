"""Passage text and titles on disk (SQLite), looked up by row id; plus the build's progress.

Only the rows a search returns are read, so the text of millions of passages never sits in
RAM. Progress counters (`n_vectors`, `articles_done`) are written in the same transaction as
the passages of a batch, so after a crash the store says exactly what was committed.

Leaves out the vectors (index.py).

>>> import tempfile, pathlib
>>> store = PassageStore(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite")
>>> store.commit_batch([("Paris", "Capital of France.")], n_vectors=1, articles_done=1)
>>> store.get([0])[0]
('Paris', 'Capital of France.')
>>> store.state("n_vectors")
1
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS passages (id INTEGER PRIMARY KEY, title TEXT, text TEXT);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value INTEGER);
"""


class PassageStore:
    """Row `i` of the vector files is passage `id = i` here."""

    def __init__(self, path: Path, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            uri = f"file:{self.path}?mode=ro"
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            self.db = sqlite3.connect(self.path, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.executescript(_SCHEMA)

    def state(self, key: str, default: int = 0) -> int:
        row = self.db.execute("SELECT value FROM state WHERE key=?", (key,)).fetchone()
        return int(row[0]) if row else default

    def commit_batch(
        self, rows: Sequence[tuple[str, str]], *, n_vectors: int, **counters: int
    ) -> None:
        """Add passages with ids continuing from the committed count, and set counters,
        all in one transaction."""
        start = n_vectors - len(rows)
        with self.db:
            self.db.execute("DELETE FROM passages WHERE id >= ?", (start,))
            self.db.executemany(
                "INSERT INTO passages (id, title, text) VALUES (?, ?, ?)",
                [(start + i, title, text) for i, (title, text) in enumerate(rows)],
            )
            for key, value in {"n_vectors": n_vectors, **counters}.items():
                self.db.execute(
                    "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, int(value))
                )

    def get(self, ids: Sequence[int]) -> list[tuple[str, str]]:
        """(title, text) for each id, in the order given; ("", "") for ids without text."""
        ids = [int(i) for i in ids]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        found = {
            row[0]: (row[1], row[2])
            for row in self.db.execute(
                f"SELECT id, title, text FROM passages WHERE id IN ({marks})", ids
            )
        }
        return [found.get(i, ("", "")) for i in ids]

    def firsts(self) -> dict[str, int]:
        """Each title's first passage id (an article's lead)."""
        rows = self.db.execute("SELECT title, MIN(id) FROM passages GROUP BY title")
        return {title: int(first) for title, first in rows if title}

    def close(self) -> None:
        self.db.close()
