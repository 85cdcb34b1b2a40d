"""Profiles written under an older bound, read under today's without changing what was written.

Until 0.1.0 a profile accepted body masses from just over 20 kg; since then the profile and
the load model share one bound (``MASS_KG``: the segment tables are adult data). A mass
stored or exported before that and outside the bound would make the whole profile, and so
the person's log or history file, unreadable. These functions read such a mass as unknown,
together with its height: the person still loads and is planned without a body (as the
planner already did for such a mass). They take plain data and return plain data; the
store uses them on every read, a version-1 history file on import, and nothing written is
ever rewritten by them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from glutemed.biomech.anthropometrics import MASS_KG


def readable_profile(stored: Mapping[str, Any]) -> Mapping[str, Any]:
    """A profile as today's ``Profile`` reads it (the same mapping when nothing changes).

    The stored numbers stay where they are: nothing someone entered is deleted behind their
    back, and saving the profile again replaces them.
    """
    mass = stored.get("mass_kg")
    if not isinstance(mass, int | float) or isinstance(mass, bool) or MASS_KG.contains(mass):
        return stored  # no mass, a usable one, or not a number (Profile names that error)
    return {**stored, "mass_kg": None, "height_m": None}


def readable_program(stored: Mapping[str, Any]) -> Mapping[str, Any]:
    """A stored program with its profile read by :func:`readable_profile`."""
    profile = stored.get("profile")
    if not isinstance(profile, Mapping):
        return stored
    readable = readable_profile(profile)
    return stored if readable is profile else {**stored, "profile": readable}
