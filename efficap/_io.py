"""Writing files without ever leaving a half-written one or replacing one silently.

Implements
----------
- :func:`write_atomic` -- write a file through a temporary file in the same folder
  (flushed and fsync'ed, then moved into place with :func:`os.replace`), and refuse to
  replace an existing file whose bytes differ unless ``force`` is given.
- :class:`OverwriteError` -- raised on such a refusal; its message names the file and
  says how to replace it (``--force``).

Used by every writer of files the user may have edited (the template workbooks, the
Excel add-in). A file with exactly the bytes that would be written is left alone and
is not an error, so rebuilding is idempotent.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from efficap.errors import EfficapError

__all__ = ["OverwriteError", "write_atomic"]


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
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w+b") as handle:
            if isinstance(write, bytes | bytearray):
                handle.write(write)
            else:
                write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists() and not force and not _same_bytes(target, tmp):
            raise OverwriteError(
                f"{target} exists and differs from what efficap would write; "
                "pass --force to replace it."
            )
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; ours are not
        os.replace(tmp, target)
        _fsync_folder(target.parent)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


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
