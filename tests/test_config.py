"""Settings: env prefix GLUTEMED_, explicit values win, the default lives in the user data dir."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from glutemed.config import Settings, default_data_dir


def test_default_database_is_a_sqlite_file_in_the_user_data_directory() -> None:
    url = Settings.from_env({}).database_url
    assert url == f"sqlite:///{default_data_dir() / 'glutemed.sqlite3'}"
    assert "site-packages" not in url


def test_environment_variables_use_the_glutemed_prefix() -> None:
    env = {
        "GLUTEMED_DATABASE_URL": "postgresql+psycopg://clinic@db/glutemed",
        "GLUTEMED_AUTO_UPGRADE": "0",
        "GLUTEMED_BUSY_TIMEOUT_MS": "250",
        "DATABASE_URL": "sqlite:///ignored.db",
    }
    settings = Settings.from_env(env)
    assert settings.database_url == "postgresql+psycopg://clinic@db/glutemed"
    assert settings.auto_upgrade is False and settings.busy_timeout_ms == 250


def test_an_explicit_option_wins_over_the_environment() -> None:
    env = {"GLUTEMED_DATABASE_URL": "sqlite:///env.db"}
    assert Settings.from_env(env, database_url="sqlite:///cli.db").database_url == (
        "sqlite:///cli.db"
    )
    assert Settings.from_env(env, database_url=None).database_url == "sqlite:///env.db"


def test_the_rules_file_is_read_from_glutemed_rules() -> None:
    """The name the docs, --help and ``--rules`` (which exports it for serve's workers) use;
    the setting used to read GLUTEMED_RULES_FILE, so the web app's workers never saw it."""
    from pathlib import Path

    assert Settings.from_env({"GLUTEMED_RULES": "/etc/clinic.yaml"}).rules == Path(
        "/etc/clinic.yaml")
    assert Settings.from_env({}).rules is None


def test_a_bad_value_names_the_setting() -> None:
    with pytest.raises(ValidationError, match="busy_timeout_ms"):
        Settings.from_env({"GLUTEMED_BUSY_TIMEOUT_MS": "-1"})


def test_every_setting_has_help_text_and_is_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "training-log.md").read_text()
    for name, text in Settings.help().items():
        assert len(text) > 20, name
        assert f"GLUTEMED_{name.upper()}" in doc, name
