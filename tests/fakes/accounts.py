"""Fake accounts, login sessions and login failures (see :mod:`tests.fakes.unit_of_work`).

What the SQL schema does by itself is done here by hand, because the account services rely
on it: deleting an account deletes its sessions and clinician links (ON DELETE CASCADE) and
leaves a client's person without a login (SET NULL); a clinician who still has people of
their own cannot be deleted (RESTRICT), and a session needs an existing account (a foreign
key) -- both a :class:`~glutemed.store.unit_of_work.ConflictError`, as the store reports a
refused change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from tests.fakes.people_programs import FakeClientLinks
from tests.fakes.tables import Repo, StoredFailure, StoredLoginSession, as_utc, utc_now

from glutemed.store.accounts import new_account_key, refuse_taken
from glutemed.store.records import AccountRecord, LoginSessionRecord
from glutemed.store.unit_of_work import ConflictError
from glutemed.usernames import USERNAME_KEY_CHARS, fold_username


class FakeAccounts(FakeClientLinks):
    """:class:`glutemed.services.account_ports.Accounts` in memory."""

    def add(self, username: str, password_hash: str, role: str) -> int:
        key = new_account_key(username, role)
        taken = next((a.username for a in self._t.accounts.values()
                      if fold_username(a.username) == key), None)
        refuse_taken(username, taken)
        account_id = self._t.next_id(self._t.accounts)
        self._t.accounts[account_id] = AccountRecord(
            id=account_id, username=username, role=role, password_hash=password_hash,
            created_at=utc_now(), disabled_at=None,
        )
        return account_id

    def by_username(self, username: str) -> AccountRecord | None:
        key = fold_username(username)
        if len(key) > USERNAME_KEY_CHARS:
            return None
        rows = [a for a in self._t.accounts.values() if fold_username(a.username) == key]
        exact = [a for a in rows if a.username == username]
        if exact:
            return exact[0]
        return rows[0] if len(rows) == 1 else None

    def get(self, account_id: int) -> AccountRecord | None:
        return self._t.accounts.get(account_id)

    def all(self) -> list[AccountRecord]:
        return [self._t.accounts[i] for i in sorted(self._t.accounts)]

    def set_password_hash(self, account_id: int, password_hash: str) -> None:
        account = self._t.accounts.get(account_id)
        if account is not None:  # an UPDATE of no row changes nothing
            self._t.accounts[account_id] = replace(account, password_hash=password_hash)

    def set_disabled(self, account_id: int, disabled_at: dt.datetime | None) -> None:
        account = self._t.accounts.get(account_id)
        if account is not None:
            self._t.accounts[account_id] = replace(account, disabled_at=as_utc(disabled_at))

    def delete(self, account_id: int) -> None:
        if any(p.clinician_account_id == account_id for p in self._t.people.values()):
            raise ConflictError("the database refused the change (people.clinician_account_id "
                                "still refers to the account); nothing was saved")
        if self._t.accounts.pop(account_id, None) is None:
            return
        self._t.login_sessions = {i: s for i, s in self._t.login_sessions.items()
                                  if s.record.account_id != account_id}
        self._t.client_links = {(c, p) for c, p in self._t.client_links if c != account_id}
        for person_id, person in list(self._t.people.items()):
            if person.record.account_id == account_id:
                self._t.people[person_id] = replace(
                    person, record=replace(person.record, account_id=None))

    def transfer_clients(self, from_account_id: int, to_account_id: int) -> int:
        moved = [i for i, p in self._t.people.items()
                 if p.clinician_account_id == from_account_id]
        for person_id in moved:
            self._t.people[person_id] = replace(
                self._t.people[person_id], clinician_account_id=to_account_id)
        for person_id in self.clients_of(from_account_id):
            self.assign_client(to_account_id, person_id)
        self._t.client_links = {(c, p) for c, p in self._t.client_links
                                if c != from_account_id}
        return len(moved)

    def names_of_clients(self, clinician_account_id: int) -> dict[int, str]:
        return {i: self._t.people[i].record.name for i in sorted(self._t.people)
                if self._t.people[i].clinician_account_id == clinician_account_id}

    def own_people(self, account_id: int) -> list[int]:
        return sorted(i for i, p in self._t.people.items() if p.record.account_id == account_id)


class FakeLoginSessions(Repo):
    """:class:`glutemed.services.account_ports.LoginSessions` in memory."""

    def add(self, account_id: int, token_hash: str, now_s: float, expires_at_s: float,
            ip: str, user_agent: str) -> int:
        if account_id not in self._t.accounts:
            raise ConflictError("the database refused the change (login_sessions.account_id "
                                "names no account); nothing was saved")
        if any(s.token_hash == token_hash for s in self._t.login_sessions.values()):
            raise ConflictError("the database refused the change (login_sessions.token_hash "
                                "is taken); nothing was saved")
        session_id = self._t.next_id(self._t.login_sessions)
        self._t.login_sessions[session_id] = StoredLoginSession(LoginSessionRecord(
            id=session_id, account_id=account_id, created_at_s=now_s, last_seen_at_s=now_s,
            expires_at_s=expires_at_s, ip=ip[:64], user_agent=user_agent[:200],
        ), token_hash)
        return session_id

    def live(self, token_hash: str, now_s: float
             ) -> tuple[LoginSessionRecord, AccountRecord] | None:
        for stored in self._t.login_sessions.values():
            account = self._t.accounts.get(stored.record.account_id)
            if (stored.token_hash == token_hash and stored.record.expires_at_s > now_s
                    and account is not None and account.disabled_at is None):
                return stored.record, account
        return None

    def of_account(self, account_id: int, now_s: float) -> list[LoginSessionRecord]:
        found = [s.record for s in self._t.login_sessions.values()
                 if s.record.account_id == account_id and s.record.expires_at_s > now_s]
        return sorted(found, key=lambda r: (r.last_seen_at_s, r.id), reverse=True)

    def count_live(self, now_s: float) -> dict[int, int]:
        counts: dict[int, int] = {}
        for stored in self._t.login_sessions.values():
            if stored.record.expires_at_s > now_s:
                counts[stored.record.account_id] = counts.get(stored.record.account_id, 0) + 1
        return counts

    def touch(self, session_id: int, now_s: float) -> None:
        stored = self._t.login_sessions.get(session_id)
        if stored is not None:
            self._t.login_sessions[session_id] = replace(
                stored, record=replace(stored.record, last_seen_at_s=now_s))

    def _drop(self, ids: list[int]) -> int:
        for session_id in ids:
            del self._t.login_sessions[session_id]
        return len(ids)

    def end(self, account_id: int, session_id: int) -> int:
        stored = self._t.login_sessions.get(session_id)
        mine = stored is not None and stored.record.account_id == account_id
        return self._drop([session_id] if mine else [])

    def end_by_hash(self, token_hash: str) -> None:
        self._drop([i for i, s in self._t.login_sessions.items() if s.token_hash == token_hash])

    def end_all(self, account_id: int, *, keep: int | None = None) -> int:
        return self._drop([i for i, s in self._t.login_sessions.items()
                           if s.record.account_id == account_id and i != keep])

    def prune(self, now_s: float) -> int:
        return self._drop([i for i, s in self._t.login_sessions.items()
                           if s.record.expires_at_s <= now_s])


class FakeLoginFailures(Repo):
    """:class:`glutemed.services.account_ports.LoginFailures` in memory."""

    def add(self, username: str, ip: str, at_s: float) -> int:
        failure_id = self._t.next_id(self._t.login_failures)
        self._t.login_failures[failure_id] = StoredFailure(username, ip, at_s)
        return failure_id

    def _newest(self, ids: list[int], limit: int) -> list[float]:
        ordered = sorted(ids, key=lambda i: (self._t.login_failures[i].failed_at_s, i),
                         reverse=True)
        return [self._t.login_failures[i].failed_at_s for i in ordered[:limit]]

    def newest(self, username: str, ip: str, since_s: float, limit: int) -> list[float]:
        return self._newest([i for i, f in self._t.login_failures.items()
                             if (f.username, f.ip) == (username, ip)
                             and f.failed_at_s > since_s], limit)

    def newest_from(self, ip: str, since_s: float, limit: int) -> list[float]:
        return self._newest([i for i, f in self._t.login_failures.items()
                             if f.ip == ip and f.failed_at_s > since_s], limit)

    def remove(self, failure_id: int) -> None:
        self._t.login_failures.pop(failure_id, None)

    def clear(self, username: str, ip: str) -> None:
        self._t.login_failures = {i: f for i, f in self._t.login_failures.items()
                                  if (f.username, f.ip) != (username, ip)}

    def prune(self, before_s: float) -> int:
        old = [i for i, f in self._t.login_failures.items() if f.failed_at_s <= before_s]
        for failure_id in old:
            del self._t.login_failures[failure_id]
        return len(old)
