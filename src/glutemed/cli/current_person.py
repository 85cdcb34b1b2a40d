"""The command line's current person: whose log a command acts on without ``--person``.

``glutemed start`` makes the new person the current one and ``glutemed people use NAME``
switches; every other person-scoped command reads it. The choice is a command-line setting,
not training data, so it lives beside the other settings (a small JSON file, see
:attr:`glutemed.config.Settings.current_person_file`), never in the database or an export.

The file maps each database to the person chosen in it (by id, with the name as a check),
because people belong to a database: switching ``--db`` switches whose log is current too.
A choice whose person is no longer in that database is ignored; the command then falls back
to the only (or first) person, as before there was a choice.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _file() -> Path:
    from glutemed.config import Settings

    return Settings.from_env().current_person_file


def database_key(engine: Engine) -> str:
    """The database as the file names it: the URL without its password, with a SQLite
    file's path made absolute (the same file reached from two folders is one database)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        url = url.set(database=str(Path(str(url.database)).expanduser().resolve()))
    return url.render_as_string(hide_password=True)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no choice yet, or a file spoilt by hand: behave as if none was made
    return data if isinstance(data, dict) else {}


def chosen(engine: Engine) -> tuple[int, str] | None:
    """The (id, name) remembered for this database, if any."""
    entry = _read(_file()).get(database_key(engine))
    if not isinstance(entry, dict):
        return None
    person_id, name = entry.get("id"), entry.get("name")
    if isinstance(person_id, int) and isinstance(name, str):
        return person_id, name
    return None


def remember(engine: Engine, person_id: int, name: str) -> Path:
    """Make this person the current one for this database; returns the file written.

    Written to a temporary file and renamed over the old one, so a crash never leaves a
    half-written file. Raises ``OSError`` when the settings folder cannot be written.
    """
    path = _file()
    data = _read(path)
    data[database_key(engine)] = {"id": person_id, "name": name}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".current-person-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True, ensure_ascii=False)
            handle.write("\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
