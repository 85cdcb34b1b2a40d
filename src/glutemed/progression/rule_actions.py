"""What a rule does: the action kinds, their words, and an action's parameters.

Each action takes only its own parameters (a ``deload_pct`` on a ``step-up`` is an error),
with bounds that name their source where there is one. Every screen shows an action through
:attr:`ActionKind.words`, so the same decision reads the same everywhere.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from glutemed.catalog.models import BandLevel, Dimension
from glutemed.progression.rule_conditions import Strict


class ActionKind(StrEnum):
    """What a decision does to the prescription (the brief's Decision actions)."""

    PROGRESS_LOAD = "progress-load"
    PROGRESS_REPS = "progress-reps"
    PROGRESS_HOLD = "progress-hold"
    BAND_RESISTANCE = "band-resistance"
    BAND_POSITION = "band-position"
    LEVER = "lever"
    STEP_UP = "step-up"
    PLAN_STEP = "plan-step"
    """Take the step the plan proposes for the next session (a new rung, isometric to
    dynamic, more volume), through the same gate as any step up."""
    LESS_SUPPORT = "less-support"
    """Take one step off a balance support (a hand on the counter -> fingertips -> hands
    free beside it): the same exercise and dose, harder on balance alone."""
    STEP_DOWN = "step-down"
    REPEAT = "repeat"
    """The same prescription next time. Called "hold" before 0.2, which read like an
    isometric hold; stored decisions and old history files are read with the new name."""
    DELOAD = "deload"
    SEE_CLINICIAN = "see-clinician"

    @classmethod
    def _missing_(cls, value: object) -> ActionKind | None:
        """Decisions stored or exported before 0.2 name ``repeat`` "hold"."""
        return cls.REPEAT if value == "hold" else None

    @property
    def words(self) -> str:
        """What the action asks of the person, in plain words (every screen uses these)."""
        return ACTION_WORDS[self]

    @property
    def progresses(self) -> bool:
        """True for every action that makes the exercise harder."""
        return self in PROGRESSIONS


PROGRESSIONS = frozenset(
    {
        ActionKind.PROGRESS_LOAD, ActionKind.PROGRESS_REPS, ActionKind.PROGRESS_HOLD,
        ActionKind.BAND_RESISTANCE, ActionKind.BAND_POSITION, ActionKind.LEVER,
        ActionKind.STEP_UP, ActionKind.PLAN_STEP, ActionKind.LESS_SUPPORT,
    }
)

ACTION_WORDS: dict[ActionKind, str] = {
    ActionKind.PROGRESS_LOAD: "add load",
    ActionKind.PROGRESS_REPS: "add reps",
    ActionKind.PROGRESS_HOLD: "hold longer",
    ActionKind.BAND_RESISTANCE: "use a stronger band",
    ActionKind.BAND_POSITION: "move the band further down the leg",
    ActionKind.LEVER: "make the lever longer",
    ActionKind.STEP_UP: "move up to a harder variant",
    ActionKind.PLAN_STEP: "take the plan's next step",
    ActionKind.LESS_SUPPORT: "hold on less",
    ActionKind.STEP_DOWN: "step back to an easier variant",
    ActionKind.REPEAT: "repeat the same target",
    ActionKind.DELOAD: "ease off (deload)",
    ActionKind.SEE_CLINICIAN: "see a clinician",
}


DEFAULT_STEP_ORDER: tuple[Dimension, ...] = (
    Dimension.LOAD, Dimension.LEVER, Dimension.BAND_RESISTANCE, Dimension.BAND_POSITION,
    Dimension.MODE, Dimension.RANGE, Dimension.STABILITY, Dimension.BASE_OF_SUPPORT,
)
"""Which ladder edge a plain step-up prefers when several lead on (load first, as the
article lists cuff weights before the other options)."""

_ACTION_PARAMS: dict[ActionKind, frozenset[str]] = {
    ActionKind.PROGRESS_LOAD: frozenset({"load_step_pct", "min_step_kg", "max_kg",
                                         "start_hold_s"}),
    ActionKind.PROGRESS_REPS: frozenset({"reps_step", "reps_cap", "max_sets"}),
    ActionKind.PROGRESS_HOLD: frozenset({"hold_step_s", "hold_cap_s"}),
    ActionKind.BAND_RESISTANCE: frozenset({"max_band"}),
    ActionKind.BAND_POSITION: frozenset(),
    ActionKind.LEVER: frozenset({"lever_load_factor", "min_step_kg"}),
    ActionKind.STEP_UP: frozenset({"prefer", "start_reps", "start_hold_s"}),
    ActionKind.PLAN_STEP: frozenset({"lever_load_factor", "min_step_kg"}),
    ActionKind.LESS_SUPPORT: frozenset({"after_sessions"}),
    ActionKind.STEP_DOWN: frozenset({"deload_pct", "min_step_kg", "start_reps", "start_hold_s"}),
    ActionKind.REPEAT: frozenset(),
    ActionKind.DELOAD: frozenset({"deload_pct", "min_step_kg", "hold_step_s"}),
    ActionKind.SEE_CLINICIAN: frozenset(),
}


class Action(Strict):
    """What a rule does, with the parameters that action uses (others are an error)."""

    action: ActionKind
    load_step_pct: float = Field(
        default=5.0, ge=2.0, le=10.0,
        description="ACSM 2009: raise the load 2-10 % once 1-2 reps over target are done",
    )
    min_step_kg: float = Field(default=1.0, gt=0, le=10)
    max_kg: float | None = Field(default=None, gt=0, le=500)
    reps_step: int = Field(default=2, ge=1, le=10)
    reps_cap: int = Field(default=20, ge=1, le=100)
    max_sets: int = Field(default=4, ge=1, le=10)
    hold_step_s: int = Field(default=10, ge=1, le=60)
    hold_cap_s: int = Field(default=60, ge=5, le=600)
    max_band: BandLevel = BandLevel.BLACK
    lever_load_factor: float = Field(default=0.5, gt=0, le=1)
    prefer: tuple[Dimension, ...] = DEFAULT_STEP_ORDER
    start_reps: tuple[int, int] = (10, 15)
    start_hold_s: tuple[int, int] = (30, 40)
    deload_pct: float = Field(default=10.0, gt=0, le=50)
    after_sessions: int = Field(
        default=2, ge=1, le=10,
        description="less-support: clean sessions in a row each support step needs",
    )

    @model_validator(mode="after")
    def _only_its_own_params(self) -> Action:
        extra = sorted(self.model_fields_set - {"action"} - _ACTION_PARAMS[self.action])
        if extra:
            allowed = ", ".join(sorted(_ACTION_PARAMS[self.action])) or "none"
            raise ValueError(
                f"'{self.action}' does not use {', '.join(extra)}; its parameters: {allowed}"
            )
        for name in ("start_reps", "start_hold_s"):
            low, high = getattr(self, name)
            if not 0 < low <= high:
                raise ValueError(f"{name} must be a range low <= high, both positive")
        return self
