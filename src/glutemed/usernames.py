"""One case-folding for usernames, used by Python and the database alike.

A username is told apart from another without regard to case or width, as people type
them. The fold is done here, in Python, and stored beside the account
(``accounts.username_key``) and in the login throttle (``login_failures.username``); the
database only ever compares folded strings with ``=``. It never folds anything itself,
because databases fold differently from Python and from each other: PostgreSQL's
``lower('İrene')`` depends on the server's locale (``irene`` under glibc, ``İrene`` under
the C locale), while Python gives ``i̇rene``. With two foldings, ``İrene`` logged in as
``irene`` on one database while the throttle counted its failures under another name, so
every spelling bought a fresh set of guesses.

The fold follows the PRECIS ``UsernameCaseMapped`` profile (RFC 8265): compatibility
normalisation (full-width ``ｉｒｅｎｅ`` is ``irene``), Unicode default case folding
(``ß`` is ``ss``, ``İ`` is ``i̇``), normalised again so the result is stable.
"""

from __future__ import annotations

import unicodedata

USERNAME_CHARS = 80
"""The longest username a person may choose (the ``accounts.username`` column)."""
USERNAME_KEY_CHARS = 320
"""The ``accounts.username_key`` column: folding can lengthen a name (``ß`` -> ``ss``)."""


def fold_username(username: str) -> str:
    """The form usernames are compared in: trimmed, NFKC-normalised and case-folded."""
    folded = unicodedata.normalize("NFKC", username.strip()).casefold()
    return unicodedata.normalize("NFKC", folded)
