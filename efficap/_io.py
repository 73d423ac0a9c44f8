"""Writing files without ever leaving a half-written one or replacing one silently.

Implements
----------
- :func:`write_atomic` -- write a file through a temporary file in the same folder
  (flushed and fsync'ed, then moved into place with :func:`os.replace`), and refuse to
  replace an existing file whose bytes differ unless ``force`` is given.
- :class:`OverwriteError` -- raised on such a refusal; its message names the file and
  says how to replace it (``--force``).

Used by every writer of files the user may have edited (the template workbooks, the
Excel add-in, ``analyze --out``, ``simulate --out``). A file with exactly the bytes that
would be written is left alone and is not an error, so rebuilding is idempotent.

**Leftovers.** The temporary file is ``.NAME.efficap-HOST-PID-XXXXXXXX.tmp`` (HOST: 8 hex
digits of the machine's name, PID: the writing process). A writer that is killed leaves
it behind; the next write into that folder removes every such file of a process that
no longer runs on this machine, and any older than :data:`STALE_SECONDS` (a writer on
another machine sharing the folder). Nothing but this pattern is ever removed.

**Concurrent writers.** The "exists and differs" decision and the rename happen under a
lock (``.NAME.efficap-HOST-PID-XXXXXXXX.lock`` files, see :func:`_locked`), so of two
writers of different content to a new file, the second sees the first's file and is
refused (without ``force``) instead of replacing it. A lock whose process is gone, or
older than :data:`STALE_SECONDS`, is broken by the next writer; one that stays longer
than :data:`LOCK_TIMEOUT` is named in an :class:`OverwriteError`.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import secrets
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from efficap.errors import EfficapError

__all__ = ["LOCK_TIMEOUT", "STALE_SECONDS", "OverwriteError", "clean_leftovers", "write_atomic"]

#: Seconds after which a temporary or lock file of efficap's is taken as abandoned even
#: when its process cannot be checked (it was written on another machine).
STALE_SECONDS = 600.0

_HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:8]
_OURS = re.compile(r"^\..+\.efficap-(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[^.]+\.(tmp|lock)$")
_LOCK_WAIT = 0.02  # seconds between tries while another writer holds the lock

#: Seconds a writer waits for another's lock before giving up with a message naming it
#: (the lock is held only to compare and rename; a lock left by a killed writer whose
#: process cannot be checked, on Windows or another machine, lasts STALE_SECONDS).
LOCK_TIMEOUT = 30.0


class OverwriteError(EfficapError):
    """An existing file differs from what would be written, and ``force`` was not given."""


Writer = Callable[[BinaryIO], None]


def write_atomic(path: str | os.PathLike[str], write: Writer | bytes, force: bool = False) -> Path:
    """Write a file atomically; keep an existing, different file unless `force`.

    Parameters
    ----------
    path : path-like
        The file to write. Its folder is created if missing.
    write : callable or bytes
        The content: bytes, or a function that writes it to the binary file object it
        is given (a temporary file next to `path`).
    force : bool, default False
        Replace an existing file whose bytes differ from the new content.

    Returns
    -------
    pathlib.Path
        `path`.

    Raises
    ------
    OverwriteError
        If `path` exists, differs from the new content and `force` is False; the file
        is left as it was.
    IsADirectoryError
        If `path` is a folder.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(21, "Is a folder, not a file", str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(target.parent)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.efficap-{_HOST}-{os.getpid()}-", suffix=".tmp", dir=target.parent
    )
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w+b") as handle:
            if isinstance(write, bytes | bytearray):
                handle.write(write)
            else:
                write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; ours are not
        with _locked(target):
            if target.exists() and not force and not _same_bytes(target, tmp):
                raise OverwriteError(
                    f"{target} exists and differs from what efficap would write; "
                    "pass --force to replace it."
                )
            os.replace(tmp, target)
        _fsync_folder(target.parent)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def clean_leftovers(folder: str | os.PathLike[str], now: float | None = None) -> list[Path]:
    """Remove efficap's abandoned temporary and lock files from `folder`.

    Only names of efficap's own pattern (``.NAME.efficap-HOST-PID-XXXXXXXX.tmp`` or
    ``.lock``) are considered: those of a process that no longer
    runs on this machine, and those older than :data:`STALE_SECONDS`.

    Parameters
    ----------
    folder : path-like
    now : float, optional
        The current time (seconds since the epoch); default :func:`time.time`.

    Returns
    -------
    list of pathlib.Path
        The files removed.
    """
    removed = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _OURS.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            if _abandoned(match, now - entry.stat(follow_symlinks=False).st_mtime):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:  # gone already (another writer cleaned it), or not ours to remove
            continue
    return removed


def _abandoned(match: re.Match[str], age: float) -> bool:
    if age > STALE_SECONDS:
        return True
    return match["host"] == _HOST and not _running(int(match["pid"]))


def _running(pid: int) -> bool:
    """Whether process `pid` runs on this machine (True when that cannot be told)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # no cheap portable check on Windows: rely on the age rule
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold a lock file next to `target`: one writer at a time decides whether `target`
    may be replaced, and replaces it.

    Each writer creates its own lock file, then lists the folder: it goes ahead only if
    no other writer's lock is there, else it removes its own and tries again after a
    random pause. Of two writers, the one listing later always sees the other's file
    (each creates before it lists), so at most one goes ahead.
    """
    pattern = glob_escape(f".{target.name}.efficap-") + "*.lock"
    token = f"{os.getpid()}-{secrets.token_hex(4)}"  # threads of one process differ too
    lock = target.parent / f".{target.name}.efficap-{_HOST}-{token}.lock"
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        others = _other_locks(target.parent, pattern, lock)
        if not others:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            os.close(fd)
            others = _other_locks(target.parent, pattern, lock)
            if not others:
                break
            lock.unlink()
        clean_leftovers(target.parent)
        if time.monotonic() > deadline:
            raise OverwriteError(
                f"Another efficap is writing {target} (lock file {others[0].name}); try "
                "again, or delete that file if no efficap is running."
            )
        time.sleep(_LOCK_WAIT * (1 + random.random()))
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _other_locks(folder: Path, pattern: str, own: Path) -> list[Path]:
    return [p for p in folder.glob(pattern) if p != own and _OURS.match(p.name)]


def glob_escape(text: str) -> str:
    """`text` with the glob pattern characters ``*?[`` taken literally."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return a.read_bytes() == b.read_bytes()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the platform allows opening a folder (POSIX)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows: folders cannot be opened this way; the rename is enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
