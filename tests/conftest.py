"""Fixtures shared by every test folder."""

from __future__ import annotations

import os

import pytest

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import load_default_catalog


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres-url",
        default=os.environ.get("GLUTEMED_TEST_POSTGRES_URL"),
        help="run the postgres-marked tests against this server "
        "(also GLUTEMED_TEST_POSTGRES_URL)",
    )


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped catalogue, loaded once."""
    return load_default_catalog()


@pytest.fixture(scope="session")
def postgres_url(request: pytest.FixtureRequest) -> str:
    """The PostgreSQL URL to test against; tests using it are skipped without one."""
    url = request.config.getoption("--postgres-url")
    if not url:
        pytest.skip("no PostgreSQL URL given (--postgres-url or GLUTEMED_TEST_POSTGRES_URL)")
    return str(url)
