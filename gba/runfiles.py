"""The files around a long run's records: one writer at a time, the same settings on resume,
and a place checked as writable before any work starts.

- `writer_lock(path)`: an exclusive lock on `PATH.lock` (flock, released by the kernel when
  the process dies, even after kill -9); a second run into the same file is refused with a
  message naming the process that holds it.
- `claim_settings(path, settings)`: the run's settings are stored in a sidecar beside the
  records (`train.jsonl` -> `train.settings.json`); a resume with other settings is refused
  with the keys that differ, so two runs never mix in one file.
- `write_once(path, text)`: a file a resume must find unchanged (e.g. the scripted world).
- `check_writable(path)`: can a file (or a folder's files) be created there? Checked by
  creating and removing a probe file, which also holds for root and read-only mounts.

Leaves out the records themselves (gba.trajectory) and running them (gba.batch). The lock
is advisory and POSIX-only: where `fcntl` is missing it is skipped.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "runs.jsonl"
>>> claim_settings(out, {"seed": 0})
>>> claim_settings(out, {"seed": 1})
Traceback (most recent call last):
...
gba.runfiles.SettingsMismatchError: ...seed=0 there, seed=1 now...
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gba.errors import GBAError

try:
    import fcntl
except ImportError:  # not POSIX: no lock
    fcntl = None  # type: ignore[assignment]


class RunLockedError(GBAError):
    """Another process is writing the same records."""


class SettingsMismatchError(GBAError):
    """A resume was started with settings other than those the records were written with."""


class NotWritableError(GBAError):
    """Output cannot be written where it was asked for."""


def settings_path(path: str | Path) -> Path:
    """The settings sidecar of a records file: `x.jsonl` -> `x.settings.json`."""
    path = Path(path)
    return path.with_name(f"{path.stem}.settings.json")


@contextlib.contextmanager
def writer_lock(path: str | Path) -> Iterator[None]:
    """Hold `PATH.lock` exclusively for the block, or raise RunLockedError at once. The lock
    file is removed when the block ends (a killed run leaves it, unlocked, for the next)."""
    path = Path(path)
    if fcntl is None:
        yield
        return
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        f = open(lock_path, "a+", encoding="utf-8")
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            f.close()
            raise RunLockedError(
                f"{path} is being written by {holder}: wait for that run to finish (or stop "
                "it), or write to another output") from None
        if _same_file(f, lock_path):
            break
        f.close()  # the holder removed it as we opened it: take the new one
    try:
        f.seek(0)
        f.truncate()
        f.write(f"process {os.getpid()}")
        f.flush()
        yield
    finally:
        lock_path.unlink(missing_ok=True)  # while still locked, so no one holds a stale file
        f.close()


def _same_file(f, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(f.fileno()).st_ino
    except FileNotFoundError:
        return False


def claim_settings(path: str | Path, settings: dict[str, Any]) -> None:
    """Store `settings` beside the records at `path`, or check them against those stored.

    Values are compared as JSON. Records written before sidecars existed adopt the current
    settings."""
    side = settings_path(path)
    current = json.loads(json.dumps(settings, default=str, sort_keys=True))
    if side.is_file():
        try:
            stored = json.loads(side.read_text(encoding="utf-8"))
        except ValueError:
            raise SettingsMismatchError(
                f"{side} is not valid JSON: fix it, or delete it to adopt this run's "
                "settings") from None
        if stored != current:
            keys = sorted(set(stored) | set(current))
            diff = ", ".join(f"{k}={_show(stored, k)} there, {k}={_show(current, k)} now"
                             for k in keys if stored.get(k) != current.get(k))
            raise SettingsMismatchError(
                f"{path} was written with other settings ({diff}): rerun with the same "
                "settings to resume, or write to another output")
        return
    side.parent.mkdir(parents=True, exist_ok=True)
    side.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _show(settings: dict[str, Any], key: str) -> str:
    return json.dumps(settings[key]) if key in settings else "(unset)"


def write_once(path: str | Path, text: str, *, what: str = "content") -> None:
    """Write `text` to `path`, or check that the file there already holds exactly it."""
    path = Path(path)
    if path.is_file():
        if path.read_text(encoding="utf-8") != text:
            raise SettingsMismatchError(
                f"{path} holds another {what}: rerun with the settings that wrote it to "
                "resume, or write to another output")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def check_writable(path: str | Path, *, folder: bool = False) -> None:
    """Raise NotWritableError unless a file can be written at `path` (or, with `folder`,
    inside the folder `path`, made if missing). Nothing is left behind."""
    path = Path(path).expanduser()
    target = path if folder else path.parent
    if not folder and path.is_dir():
        raise NotWritableError(f"{path} is a folder: give a file name")
    if not folder and path.exists():
        try:
            with open(path, "ab"):
                pass
        except OSError as exc:
            raise NotWritableError(f"cannot write {path}: {exc.strerror}") from None
        return
    existing = target
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise NotWritableError(
            f"cannot write under {target}: {existing} is a file, not a folder")
    try:
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".gba-probe-"):
            pass
    except OSError as exc:
        raise NotWritableError(
            f"cannot write under {target} ({existing}: {exc.strerror}): choose a writable "
            "place") from None
