"""Shipped data parsed once, kept in a cache file that is never stale.

Reading and validating the catalogue's YAML takes about 20 ms of every command's start, and
expanding the default progression rules' presets (with the import of their parameter
models) about 30 ms more; unpickling either takes 1-2 ms. Each cache file is named by a
SHA-256 of everything its value is made of: the bytes of every Python and YAML file of the
packages that define, parse and validate it, glutemed's version, Python's and pydantic's.
Change a single byte of any of them and the name changes, so a stale value is never read:
it is simply not found, the data is loaded and validated as always, and the new file is
written. Hashing the few hundred kilobytes costs about a millisecond; file times are not
trusted (a checkout or a copy can keep them).

A cache that cannot be read (missing, truncated, written by something else, or holding
something ``check`` refuses) or written (a read-only home) is ignored: the data is loaded
exactly as without a cache. Older files of the same name are removed when a new one is
written. The folder is :attr:`glutemed.config.Settings.cache_dir` (``GLUTEMED_CACHE_DIR``,
default the user cache directory); only its owner can write there, as with any per-user
cache, and it is safe to delete.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import TypeGuard, TypeVar

T = TypeVar("T")
SUFFIX = ".pickle"


def source_files(packages: Sequence[str]) -> list[Path]:
    """Every Python and data file of ``packages`` (``glutemed.catalog``, ...), in order."""
    found: list[Path] = []
    for name in packages:
        module_file = import_module(name).__file__
        if module_file is None:
            raise ValueError(f"{name} is not a package with files")
        folder = Path(module_file).resolve().parent
        found += sorted(
            path for pattern in ("*.py", "data/*.yaml") for path in folder.glob(pattern)
            if path.is_file()
        )
    return found


def fingerprint(packages: Sequence[str]) -> str:
    """A hash of the packages' files and of the versions that read a pickle back."""
    from pydantic import VERSION as PYDANTIC

    import glutemed

    digest = hashlib.sha256()
    for part in (glutemed.__version__, sys.version, PYDANTIC, str(pickle.HIGHEST_PROTOCOL)):
        digest.update(part.encode() + b"\0")
    for path in source_files(packages):
        digest.update(f"{path.parent.name}/{path.name}".encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_file(folder: Path, name: str, packages: Sequence[str]) -> Path:
    """Where the value called ``name``, built from ``packages`` as they are now, is kept."""
    return folder / f"{name}-{fingerprint(packages)[:40]}{SUFFIX}"


def cached(
    folder: Path,
    name: str,
    packages: Sequence[str],
    build: Callable[[], T],
    check: Callable[[object], TypeGuard[T]],
) -> T:
    """The value ``build()`` gives, from ``folder``'s cache when it was built from these
    exact sources (and passes ``check``); else built, cached and returned."""
    path = cache_file(folder, name, packages)
    try:
        found: object = pickle.loads(path.read_bytes())
    except Exception:  # missing, truncated or foreign: build it instead
        found = None
    if check(found):
        return found
    value = build()
    _write(path, name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def cache_folder() -> Path:
    """The folder from the settings (``GLUTEMED_CACHE_DIR``)."""
    from glutemed.config import Settings

    return Settings.from_env().cache_dir


def _write(path: Path, name: str, data: bytes) -> None:
    """Write the file whole (a temporary file renamed over it) and drop the older ones of
    ``name``; a folder that cannot be written only means there is no cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{name}-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        for old in path.parent.glob(f"{name}-*{SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return
