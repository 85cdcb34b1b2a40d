"""Conversions between the three ways glutemed states a hip moment.

N·m is what the model computes; N·m/kg lets people of different sizes compare; × body weight
(BW) states the abductor muscle force the moment needs, given the abductors' moment arm.
Kept in one place so the CLI, the web app and the tests convert the same way.
"""

from __future__ import annotations

GRAVITY_M_S2 = 9.81  # as in segments.yaml and docs/evidence.md's worked check


def moment_per_kg(moment_nm: float, mass_kg: float) -> float:
    """N·m → N·m per kg of body mass."""
    return moment_nm / mass_kg


def moment_from_per_kg(moment_nm_per_kg: float, mass_kg: float) -> float:
    """N·m/kg → N·m."""
    return moment_nm_per_kg * mass_kg


def force_bw_from_moment(
    moment_nm: float, moment_arm_m: float, mass_kg: float, gravity_m_s2: float = GRAVITY_M_S2
) -> float:
    """Muscle force, in multiples of body weight, that balances ``moment_nm`` at this arm."""
    return moment_nm / moment_arm_m / (mass_kg * gravity_m_s2)


def moment_from_force_bw(
    force_bw: float, moment_arm_m: float, mass_kg: float, gravity_m_s2: float = GRAVITY_M_S2
) -> float:
    """× body weight at a moment arm → N·m."""
    return force_bw * mass_kg * gravity_m_s2 * moment_arm_m
