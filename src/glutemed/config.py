"""One typed settings object for the shell (store, command line, web app).

Every setting has help text and can be set by an environment variable with the prefix
``GLUTEMED_`` (``database_url`` <- ``GLUTEMED_DATABASE_URL``). An explicit value (a
command-line option such as ``--db``) wins over the environment, which wins over the default.

The default database is a SQLite file in the platform's user data directory, never inside
the package, so upgrading glutemed never touches a person's log. A clinic points
``GLUTEMED_DATABASE_URL`` at PostgreSQL instead.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field

ENV_PREFIX = "GLUTEMED_"


def default_data_dir() -> Path:
    """The per-user data directory (``~/.local/share/glutemed`` on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("glutemed", appauthor=False))


def default_database_url() -> str:
    """A SQLite file in the user data directory: zero set-up for one person."""
    return f"sqlite:///{default_data_dir() / 'glutemed.sqlite3'}"


def default_cache_dir() -> Path:
    """The user cache directory (what may be deleted at any time, and is rebuilt)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("glutemed", appauthor=False))


def default_current_person_file() -> Path:
    """Where the command line remembers whose log it acts on (``glutemed people use``): a
    small file in the per-user config directory (``~/.config/glutemed`` on Linux)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("glutemed", appauthor=False)) / "current-person.json"


class EnvSettings(BaseModel):
    """Base of every settings object: fields read from ``GLUTEMED_<NAME>`` variables.

    Each field's description is its help text (shown by ``help()`` and in the README).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        """Settings from ``GLUTEMED_*`` variables, then explicit overrides (``None`` ignored)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is not None and raw != "":
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)

    @classmethod
    def help(cls) -> dict[str, str]:
        """Setting name -> help text, for documentation and ``--help`` output."""
        return {name: field.description or "" for name, field in cls.model_fields.items()}


class Settings(EnvSettings):
    """Settings for the shell (store and command line)."""

    database_url: str = Field(
        default_factory=default_database_url,
        min_length=1,
        description=(
            "Where the training log lives, as a SQLAlchemy URL. Default: a SQLite file in "
            "the user data directory. A clinic uses PostgreSQL, e.g. "
            "postgresql+psycopg://user@host/glutemed. Option --db; "
            "environment GLUTEMED_DATABASE_URL."
        ),
    )
    auto_upgrade: bool = Field(
        default=True,
        description=(
            "Create or upgrade the database schema automatically on first use "
            "(alembic upgrade head). Turn off for a clinic where an administrator runs "
            "'glutemed db upgrade' deliberately. Environment GLUTEMED_AUTO_UPGRADE."
        ),
    )
    current_person_file: Path = Field(
        default_factory=default_current_person_file,
        description=(
            "The command line's memory of the current person, per database (set by "
            "'glutemed start' and 'glutemed people use'). A command-line setting, not "
            "training data: it never goes into the database or an export. Default: "
            "current-person.json in the user config directory. Environment "
            "GLUTEMED_CURRENT_PERSON_FILE."
        ),
    )
    cache_dir: Path = Field(
        default_factory=default_cache_dir,
        description=(
            "Where the command line keeps the parsed catalogue, so a command does not read "
            "and validate the YAML on every start (a file named by a hash of the catalogue's "
            "sources: any change is a new file, never a stale one). Safe to delete. Default: "
            "the user cache directory. Environment GLUTEMED_CACHE_DIR."
        ),
    )
    busy_timeout_ms: int = Field(
        default=5000,
        ge=0,
        le=600_000,
        description=(
            "How long a SQLite writer waits for another writer to finish before giving up, "
            "in milliseconds. Environment GLUTEMED_BUSY_TIMEOUT_MS."
        ),
    )

    rules: Path | None = Field(
        default=None,
        description=(
            "A clinic's own progression rules (YAML, see docs/progression.md, 'Writing your "
            "own rules'), used by every decision instead of the shipped ones; validated at "
            "start, and it must keep the safety presets. Option --rules; environment "
            "GLUTEMED_RULES."
        ),
    )
    import_max_mb: int = Field(
        default=128,
        ge=1,
        le=65_536,
        description=(
            "The most 'glutemed import' reads, in megabytes: a plain file's size, and what a "
            "zip's tables may expand to (each, and all together). A zip that claims more is "
            "refused before anything is decompressed. Environment GLUTEMED_IMPORT_MAX_MB."
        ),
    )
