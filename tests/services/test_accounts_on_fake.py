"""The account and login use cases on the in-memory unit of work: no engine, no SQLite file.

Create a clinician and a client, log in with the right and the wrong password (an old hash
upgraded on the way), the login throttle over the fake's failures, sessions started, used,
listed and ended, a password changed or reset, an account disabled, deleted with its
clients handed over -- each through the real service functions, typed against
:class:`glutemed.services.account_ports.AccountsUnitOfWork`. Making a database engine here
fails the test; ``test_store_contract.py`` holds the fake's accounts to the SQL store.
"""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher
from tests.fakes.unit_of_work import FakeUnitOfWork

from glutemed.errors import InputError, UnknownIdError
from glutemed.programming.models import Profile
from glutemed.services import accounts, logins
from glutemed.services.accounts import Account
from glutemed.web.throttle import DatabaseFailures, LoginThrottle

PASSWORD = "correct horse battery"
DAY0 = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


pytestmark = pytest.mark.usefixtures("no_database")


@pytest.fixture
def lee(uow: FakeUnitOfWork) -> Account:
    with uow:
        clinician = accounts.create_account(uow, "dr-lee", PASSWORD, "clinician")
        uow.commit()
    return clinician


def _client(uow: FakeUnitOfWork, clinician: Account, username: str, name: str,
            catalog) -> accounts.NewClient:
    return accounts.start_client(uow, clinician.id, username, PASSWORD, name,
                                 Profile(goal="rehab"), catalog, DAY0)


def test_a_client_logs_in_with_the_right_password_only(
    uow: FakeUnitOfWork, lee: Account, catalog
) -> None:
    ann = _client(uow, lee, " Ann ", "Ann", catalog)
    assert ann.account == Account(ann.account.id, "Ann", "client")
    with uow:
        assert accounts.authenticate(uow, "ANN", PASSWORD) == ann.account
        assert accounts.authenticate(uow, "ann", "not the password") is None
        assert accounts.authenticate(uow, "nobody", PASSWORD) is None
        assert accounts.people_visible_to(uow, lee.id) == [ann.person_id]
        assert accounts.people_visible_to(uow, ann.account.id) == [ann.person_id]
        assert uow.people.get(ann.person_id).account_id == ann.account.id
        assert uow.programs.active(ann.person_id) is not None


def test_a_weaker_old_hash_is_upgraded_at_login(uow: FakeUnitOfWork, lee: Account) -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with uow:
        uow.accounts.set_password_hash(lee.id, old)
        uow.commit()
        commits = uow.commits
        assert accounts.authenticate(uow, "dr-lee", PASSWORD) == lee
        stored = uow.accounts.get(lee.id)
    assert uow.commits == commits + 1
    assert stored is not None and stored.password_hash != old
    assert accounts.verify_password(stored.password_hash, PASSWORD)


def test_a_taken_username_stores_nothing_of_the_new_client(
    uow: FakeUnitOfWork, lee: Account, catalog
) -> None:
    _client(uow, lee, "ann", "Ann", catalog)
    with pytest.raises(InputError, match="'ANN' is taken \\(as 'ann'\\)"):
        _client(uow, lee, "ANN", "Bo", catalog)
    with uow:
        assert [p.record.name for p in uow.tables.people.values()] == ["Ann"]
        assert [a.username for a in uow.accounts.all()] == ["dr-lee", "ann"]
        assert len(uow.tables.programs) == 1
        client = uow.accounts.by_username("ann")
    assert client is not None
    with pytest.raises(InputError, match="only a clinician"):
        accounts.start_client(uow, client.id, "bo", PASSWORD, "Bo", Profile(goal="rehab"),
                              catalog, DAY0)


def test_the_throttle_counts_failures_in_the_fake_and_a_login_clears_them(
    uow: FakeUnitOfWork,
) -> None:
    now = [1000.0]
    throttle = LoginThrottle(2, 60, DatabaseFailures(lambda **_: FakeUnitOfWork(uow.tables)),
                             clock=lambda: now[0])
    assert throttle.begin_attempt("Eve", "1.2.3.4") == 0
    assert throttle.begin_attempt("eve", "1.2.3.4") == 0
    assert throttle.begin_attempt("EVE", "1.2.3.4") == 61  # third try: wait for the first
    assert throttle.begin_attempt("eve", "5.6.7.8") == 0  # another address counts apart
    assert len(uow.tables.login_failures) == 3  # the refused attempt left no failure
    throttle.reset("eve", "1.2.3.4")
    assert throttle.retry_after_s("eve", "1.2.3.4") == 0
    now[0] += 120.0
    throttle.begin_attempt("bob", "9.9.9.9")  # pruned: nothing older than the window stays
    assert [f.username for f in uow.tables.login_failures.values()] == ["bob"]


def test_sessions_start_resolve_touch_and_end(uow: FakeUnitOfWork, lee: Account) -> None:
    with uow:
        first = logins.start(uow, lee.id, "tok-1", now_s=100.0, max_age_s=1000.0,
                             ip="1.1.1.1", user_agent="Firefox")
        logins.start(uow, lee.id, "tok-2", now_s=200.0, max_age_s=1000.0, ip="2.2.2.2",
                     user_agent="Safari")
        uow.commit()
    with uow:
        resolved = logins.resolve(uow, "tok-1", 500.0)
        assert logins.resolve(uow, "tok-1", 1100.0) is None  # expired
        assert logins.resolve(uow, "stolen", 500.0) is None
    assert resolved is not None and resolved.account == lee
    assert (resolved.session.id, resolved.session.ip) == (first, "1.1.1.1")
    assert logins.needs_touch(resolved.session, 500.0)
    logins.touch(uow, first, 500.0)
    assert [s.user_agent for s in logins.sessions_of(uow, lee.id, 600.0)] == ["Firefox", "Safari"]
    assert logins.end_one(uow, lee.id + 1, first) is False  # not that account's
    logins.end_by_token(uow, "tok-2")
    assert [s.id for s in logins.sessions_of(uow, lee.id, 600.0)] == [first]
    assert logins.end_all(uow, lee.id) == 1
    with uow:
        assert logins.resolve(uow, "tok-1", 600.0) is None


def test_a_password_change_keeps_this_session_a_reset_ends_all(
    uow: FakeUnitOfWork, lee: Account
) -> None:
    with uow:
        keep = logins.start(uow, lee.id, "here", now_s=1.0, max_age_s=99.0, ip="", user_agent="")
        logins.start(uow, lee.id, "there", now_s=1.0, max_age_s=99.0, ip="", user_agent="")
        uow.commit()
    with pytest.raises(InputError, match="current_password"):
        accounts.change_password(uow, lee.id, "a wrong guess", "new password 1",
                                 keep_session=keep)
    assert accounts.change_password(uow, lee.id, PASSWORD, "new password 1",
                                    keep_session=keep) == 1
    with uow:
        assert accounts.authenticate(uow, "dr-lee", PASSWORD) is None
        assert accounts.authenticate(uow, "dr-lee", "new password 1") == lee
    assert [s.id for s in logins.sessions_of(uow, lee.id, 2.0)] == [keep]
    assert accounts.reset_password(uow, lee.id, "another one 2") == 1
    with uow:
        assert accounts.authenticate(uow, "dr-lee", "another one 2") == lee
    assert logins.sessions_of(uow, lee.id, 2.0) == []
    with pytest.raises(InputError, match="at least 10"):
        accounts.reset_password(uow, lee.id, "short")


def test_a_disabled_account_cannot_use_its_sessions_until_enabled(
    uow: FakeUnitOfWork, lee: Account, catalog
) -> None:
    ann = _client(uow, lee, "ann", "Ann", catalog)
    with uow:
        logins.start(uow, ann.account.id, "tok", now_s=1.0, max_age_s=99.0, ip="", user_agent="")
        uow.commit()
    assert accounts.set_enabled(uow, ann.account.id, False, NOW) == 1
    with uow:
        assert logins.resolve(uow, "tok", 2.0) is None
        assert accounts.authenticate(uow, "ann", PASSWORD) == Account(
            ann.account.id, "ann", "client", disabled=True)
    listed = {s.username: s for s in accounts.list_accounts(uow, 2.0)}
    assert listed["ann"].disabled_at == NOW and listed["ann"].people == ["Ann"]
    assert listed["dr-lee"].people == ["Ann"] and listed["dr-lee"].disabled_at is None
    assert accounts.set_enabled(uow, ann.account.id, True, NOW) == 0
    assert accounts.get_account(uow, ann.account.id) == ann.account


def test_deleting_a_clinician_hands_the_clients_over(
    uow: FakeUnitOfWork, lee: Account, catalog
) -> None:
    ann = _client(uow, lee, "ann", "Ann", catalog)
    with uow:
        kim = accounts.create_account(uow, "dr-kim", PASSWORD, "clinician")
        uow.commit()
    assert accounts.client_login(uow, lee, ann.person_id) == ann.account
    assert accounts.client_login(uow, kim, ann.person_id) is None
    with pytest.raises(InputError, match="has 1 client\\(s\\) \\(Ann\\)"):
        accounts.plan_deletion(uow, lee, None)
    with pytest.raises(InputError, match="another clinician"):
        accounts.plan_deletion(uow, lee, ann.account)
    plan = accounts.plan_deletion(uow, lee, kim)
    assert plan.describe()[1] == (
        "1 client(s) move to dr-kim with their whole history: Ann.")
    accounts.delete_account(uow, plan)
    with uow:
        assert accounts.get_account(uow, lee.id) is None
        assert accounts.people_visible_to(uow, kim.id) == [ann.person_id]
        with pytest.raises(UnknownIdError):
            accounts.find_account(uow, "dr-lee")
    assert accounts.client_login(uow, kim, ann.person_id) == ann.account


def test_deleting_a_client_keeps_the_person_without_a_login(
    uow: FakeUnitOfWork, lee: Account, catalog
) -> None:
    ann = _client(uow, lee, "ann", "Ann", catalog)
    with uow:
        found = accounts.find_account(uow, "ANN")
    plan = accounts.plan_deletion(uow, found, None)
    assert plan.own_people == ["Ann"] and plan.clients == []
    accounts.delete_account(uow, plan)
    with uow:
        assert uow.people.get(ann.person_id).account_id is None
        assert accounts.people_visible_to(uow, lee.id) == [ann.person_id]
    assert accounts.client_login(uow, lee, ann.person_id) is None
