"""The command line's inputs and outputs, shared by every command module.

The catalogue, a Rich console, JSON on standard output, and the store (an engine, a unit of
work, a person by name). Heavy libraries (Rich, SQLAlchemy) are imported inside the
functions, so ``glutemed --help`` stays fast.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy import Engine

    from glutemed.catalog.catalog import Catalog
    from glutemed.store.repositories import PersonRecord
    from glutemed.store.unit_of_work import SqlUnitOfWork


def catalog() -> Catalog:
    """The shipped catalogue (loaded once per process)."""
    from glutemed.catalog.loader import load_default_catalog

    return load_default_catalog()


def console() -> Console:
    """A console for human output: no syntax highlighting of numbers, no soft wrapping."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def echo_json(data: Any) -> None:
    """Machine-readable output: indented JSON, non-ASCII kept, dates as ISO strings."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def open_store(db: str | None) -> Engine:
    """An engine on ``--db`` (or the settings), its schema made current on first use."""
    from glutemed.cli.db import open_store as open_and_upgrade

    return open_and_upgrade(db)


def unit_of_work(engine: Engine, *, readonly: bool = False) -> SqlUnitOfWork:
    """One transaction on ``engine`` (read-only ones never take the write lock)."""
    from glutemed.store.unit_of_work import SqlUnitOfWork

    return SqlUnitOfWork(engine, readonly=readonly)


def person(engine: Engine, name: str | None) -> PersonRecord:
    """The person called ``name``, or the only (or first) person when no name is given."""
    with unit_of_work(engine, readonly=True) as uow:
        record: PersonRecord = uow.people.by_name(name)
        return record
