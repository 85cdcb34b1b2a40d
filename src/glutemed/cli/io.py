"""The command line's inputs and outputs, shared by every command module.

The catalogue, a Rich console, JSON on standard output, and the store (an engine, a unit of
work, a person by name). Heavy libraries (Rich, SQLAlchemy) are imported inside the
functions, so ``glutemed --help`` stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

import typer

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy import Engine

    from glutemed.catalog.catalog import Catalog
    from glutemed.store.records import PersonRecord
    from glutemed.store.unit_of_work import SqlUnitOfWork


def catalog() -> Catalog:
    """The shipped catalogue, from the cache folder when its sources are unchanged (see
    :mod:`glutemed.data_cache`); made once per process."""
    from glutemed.data_cache import cache_folder

    return _catalog(cache_folder())


CATALOG_SOURCES = ("glutemed.catalog",)
"""The packages the catalogue is defined, parsed and validated by (its YAML is inside)."""


@cache
def _catalog(folder: Path) -> Catalog:
    from glutemed.catalog.catalog import Catalog
    from glutemed.data_cache import cached

    def load() -> Catalog:
        from glutemed.catalog.loader import load_default_catalog  # the YAML reader, only now

        return load_default_catalog()

    def is_catalog(value: object) -> TypeGuard[Catalog]:
        return isinstance(value, Catalog)

    return cached(folder, "catalog", CATALOG_SOURCES, load, is_catalog)


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
    """The person called ``name``; without a name, the current person (``glutemed people
    use``), else the only (or first) person."""
    from glutemed.cli import current_person
    from glutemed.errors import UnknownIdError

    with unit_of_work(engine, readonly=True) as uow:
        choice = current_person.chosen(engine) if name is None else None
        if choice is not None:
            try:
                record: PersonRecord = uow.people.get(choice[0])
            except UnknownIdError:
                record = uow.people.by_name(None)
            # A database made again from scratch may give the id to someone else.
            return record if record.name == choice[1] else uow.people.by_name(None)
        return uow.people.by_name(name)


def say_person(who: PersonRecord) -> None:
    """The one line that names whose log a command acts on."""
    from rich.markup import escape

    console().print(f"[dim]Person: {escape(who.name)}[/dim]")


PERSON_FIELDS = frozenset({"person", "variant", "variant_id", "VARIANT", "SET_ID"})
"""Fields of the errors that are about a person's program, exercises or log."""


OTHER_PERSON = "for another person add --person NAME (see 'glutemed people list')"


def person_hint(who: PersonRecord) -> str:
    """How to act on someone else, said after an error about this person's log."""
    return f" (this is {who.name}'s log; {OTHER_PERSON})"


@contextmanager
def about(who: PersonRecord) -> Iterator[None]:
    """Errors about the program, an exercise or a set name the person and ``--person``."""
    from glutemed.errors import InputError, UnknownIdError

    try:
        yield
    except UnknownIdError as exc:
        if exc.kind != "performed set":
            raise
        raise InputError(
            "SET_ID", f"no set {exc.value} in {who.name}'s log (the ids are in "
            f"'glutemed history'); {OTHER_PERSON}"
        ) from None
    except InputError as exc:
        reason = str(exc).removeprefix(f"{exc.field}: ")
        if exc.field.rpartition(": ")[2] not in PERSON_FIELDS or "--person" in reason:
            raise  # not about the log, or it already says how to choose another person
        raise InputError(exc.field, reason + person_hint(who)) from None
