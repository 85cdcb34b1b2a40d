"""Pose descriptions for every variant, read from ``illustrate/data/poses.yaml``.

Why a data file: a physiotherapist can audit and correct a picture by editing angles without
reading Python, exactly like the catalogue. Family defaults keep it short — a variant lists
only what differs (a cuff at the ankle, a bench, a band). The file is validated on load and
every problem is reported as ``poses.yaml:LINE: field: message`` with the catalogue loader's
own helpers, so the two data files behave alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from glutemed.catalog.catalog import Catalog
from glutemed.catalog.loader import PathKey, _format_loc, _line_for, _read_yaml, _validate
from glutemed.catalog.models import Mode
from glutemed.errors import CatalogError, UnknownIdError
from glutemed.illustrate.poses import POINTS, SEGMENT_ENDS, SEGMENTS, Angles, View

POSES_FILE = "poses.yaml"
_POINT_REF = re.compile(r"^(?P<segment>[a-z_]+)@(?P<t>0(\.\d+)?|1(\.0+)?)$")


def check_point_ref(value: str) -> str:
    """A joint name (``l_knee``) or a fraction along a segment (``l_shank@0.85``)."""
    match = _POINT_REF.match(value)
    if value in POINTS or (match and match["segment"] in SEGMENT_ENDS):
        return value
    raise ValueError(
        f"'{value}' is not a body point; use a joint ({', '.join(POINTS[:6])}, ...) or "
        "'segment@fraction' such as 'l_shank@0.85'"
    )


class Layout(StrEnum):
    """How start and end are shown: one figure over the other, or two figures in a row."""

    OVERLAY = "overlay"
    SIDE_BY_SIDE = "side-by-side"


class PropKind(StrEnum):
    """Equipment and surfaces the renderer knows how to draw."""

    BAND = "band"  # elastic loop between two body points, or a body point and an anchor
    CUFF = "cuff"  # cuff weight strapped round a segment
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    BARBELL = "barbell"  # seen end-on in side view: a plate
    WALL = "wall"  # upright wall at x; behind: true draws it as a panel behind the body
    BENCH = "bench"
    STEP = "step"
    BELT = "belt"  # dip belt with a weight hanging from it
    CABLE = "cable"  # cable from a body point to a pulley column
    ANCHOR = "anchor"  # a fixed post a band or a person's feet are hooked under
    SLIDER = "slider"
    MAT = "mat"


_BODY_PROPS = {
    PropKind.CUFF, PropKind.DUMBBELL, PropKind.KETTLEBELL, PropKind.BARBELL,
    PropKind.BELT, PropKind.SLIDER,
}
_BOX_PROPS = {PropKind.BENCH, PropKind.STEP, PropKind.MAT}


class Strict(BaseModel):
    """Typos in keys are errors, as in the catalogue."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Prop(Strict):
    """One prop. World coordinates are in body heights: x from the start pelvis, y from the floor.

    ``at`` fixes a prop to the body; ``anchor`` is a fixed world point; ``x``/``width``/
    ``height`` place a wall, bench, step or mat.
    """

    kind: PropKind
    at: str | None = None
    between: tuple[str, str] | None = None
    anchor: tuple[float, float] | None = None
    x: float | None = None
    width: float = Field(default=0.3, gt=0, le=2)
    height: float | None = Field(default=None, gt=0, le=2)
    side: Literal[-1, 1] = 1
    behind: bool = False
    offset: float = Field(
        default=0.0, ge=-0.3, le=0.3,
        description="how far in front of the segment it sits (a goblet weight at the chest)",
    )

    @field_validator("at")
    @classmethod
    def _at_is_point(cls, value: str | None) -> str | None:
        return None if value is None else check_point_ref(value)

    @field_validator("between")
    @classmethod
    def _between_points(cls, value: tuple[str, str] | None) -> tuple[str, str] | None:
        if value is None:
            return None
        return (check_point_ref(value[0]), value[1] if value[1] == "anchor" else
                check_point_ref(value[1]))

    @model_validator(mode="after")
    def _placed(self) -> Prop:
        kind = self.kind
        if kind in _BODY_PROPS and self.at is None:
            raise ValueError(f"a {kind} needs 'at' (the body point it sits on)")
        if kind is PropKind.BAND and self.between is None:
            raise ValueError("a band needs 'between: [point, point]' ('anchor' for a post)")
        needs_anchor = kind is PropKind.CABLE or (
            self.between is not None and self.between[1] == "anchor"
        )
        if kind is PropKind.CABLE and self.at is None:
            raise ValueError("a cable needs 'at' (where it is clipped to the body)")
        if (needs_anchor or kind is PropKind.ANCHOR) and self.anchor is None:
            raise ValueError(f"a {kind} here needs 'anchor: [x, y]' (a fixed point)")
        if (kind in _BOX_PROPS or kind is PropKind.WALL) and self.x is None:
            raise ValueError(f"a {kind} needs 'x' (its left edge, or the wall face)")
        return self


class Arrow(Strict):
    """The movement arrow: follows point ``at`` from start to end (an arc around ``pivot``).

    For an isometric hold, where nothing moves, ``push: [dx, dy]`` gives the direction of
    effort instead.
    """

    at: str
    pivot: str | None = None
    push: tuple[float, float] | None = None
    offset: tuple[float, float] = (0.0, 0.0)
    into: bool = False  # for a push into something (a wall): the arrow ends at ``at``

    _at = field_validator("at")(check_point_ref)

    @field_validator("pivot")
    @classmethod
    def _pivot_is_point(cls, value: str | None) -> str | None:
        return None if value is None else check_point_ref(value)


def _check_segments(value: list[str] | None) -> list[str] | None:
    for name in value or []:
        if name not in SEGMENTS:
            raise ValueError(f"'{name}' is not a segment; allowed: {', '.join(SEGMENTS)}")
    return value


class PoseSpec(Strict):
    """Family defaults or a variant's overrides; every field is optional here."""

    view: View | None = None
    layout: Layout | None = None
    start: Angles | None = None
    end: Angles | None = None
    moving: list[str] | None = Field(default=None, min_length=1)
    anchor: str | None = None
    contacts: list[str] | None = Field(default=None, min_length=1)
    ground: float | None = Field(default=None, ge=0, le=1)
    arrow: Arrow | None = None
    hold: bool | None = None  # an isometric hold: the end position is the start position
    inherit: bool = True  # false: a variant unlike its family; nothing is taken from the family
    props: list[Prop] = Field(default_factory=list)
    replace_props: bool = False
    note: str | None = None  # one sentence for the figure's description (screen readers)

    _moving = field_validator("moving")(_check_segments)

    @field_validator("anchor")
    @classmethod
    def _anchor_is_point(cls, value: str | None) -> str | None:
        return None if value is None else check_point_ref(value)

    @field_validator("contacts")
    @classmethod
    def _contacts_are_points(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else [check_point_ref(v) for v in value]


class PoseFile(Strict):
    """The whole ``poses.yaml``: defaults per family and one entry per variant."""

    families: dict[str, PoseSpec]
    variants: dict[str, PoseSpec]


@dataclass(frozen=True)
class FigurePose:
    """A variant's complete, resolved pose description, ready to draw."""

    variant_id: str
    view: View
    layout: Layout
    start: Angles
    end: Angles
    moving: tuple[str, ...]
    arrow: Arrow
    anchor: str | None
    contacts: tuple[str, ...] | None
    ground: float
    props: tuple[Prop, ...]
    note: str | None = None

    @property
    def isometric(self) -> bool:
        """True when nothing moves: the figure shows one held position and a push arrow."""
        return self.start == self.end


@dataclass(frozen=True)
class PoseBook:
    """Every variant's pose, looked up by variant id."""

    poses: dict[str, FigurePose]

    def pose(self, variant_id: str) -> FigurePose:
        """The pose of one variant, or an error suggesting close ids."""
        try:
            return self.poses[variant_id]
        except KeyError:
            from difflib import get_close_matches

            close = get_close_matches(variant_id, list(self.poses), n=3, cutoff=0.4)
            raise UnknownIdError("variant", variant_id, close) from None


def default_poses_path() -> Path:
    """The pose file shipped inside the package."""
    return Path(str(resources.files("glutemed.illustrate") / "data" / POSES_FILE))


def _merge_angles(*layers: Angles | None) -> Angles:
    merged: dict[str, Any] = {}
    for layer in layers:
        if layer is not None:
            merged.update(layer.model_dump(exclude_unset=True))
    return Angles(**merged)


def _resolve(variant_id: str, fam: PoseSpec, var: PoseSpec) -> FigurePose:
    """Family defaults overlaid with the variant's own fields; end inherits from start."""
    view = var.view or fam.view
    moving = var.moving or fam.moving
    arrow = var.arrow or fam.arrow
    missing = [n for n, v in (("view", view), ("moving", moving), ("arrow", arrow)) if v is None]
    if missing:
        raise ValueError(f"no {', '.join(missing)} given for the variant or its family")
    assert view is not None and moving is not None and arrow is not None
    start = _merge_angles(fam.start, var.start)
    hold = var.hold if var.hold is not None else bool(fam.hold)
    end = start if hold else _merge_angles(fam.start, var.start, fam.end, var.end)
    if start == end and arrow.push is None:
        raise ValueError("start and end are the same (a hold): give arrow.push: [dx, dy]")
    props = var.props if var.replace_props else [*fam.props, *var.props]
    contacts = var.contacts or fam.contacts
    return FigurePose(
        variant_id=variant_id,
        view=view,
        layout=var.layout or fam.layout or Layout.OVERLAY,
        start=start,
        end=end,
        moving=tuple(moving),
        arrow=arrow,
        anchor=var.anchor or fam.anchor,
        contacts=tuple(contacts) if contacts else None,
        ground=var.ground if var.ground is not None else (fam.ground or 0.0),
        props=tuple(props),
        note=var.note or fam.note,
    )


def load_poses(path: Path | None = None, catalog: Catalog | None = None) -> PoseBook:
    """Read, validate and resolve the pose file; with a catalogue, cross-check the ids too.

    Raises :class:`CatalogError` listing every problem as ``poses.yaml:LINE: field: message``.
    """
    file_path = path or default_poses_path()
    data, lines = _read_yaml(file_path)
    parsed = _validate(PoseFile, file_path, data, lines)
    problems: list[str] = []

    def problem(loc: PathKey, message: str) -> None:
        problems.append(f"{file_path.name}:{_line_for(loc, lines)}: {_format_loc(loc)}: {message}")

    poses: dict[str, FigurePose] = {}
    for variant_id, spec in parsed.variants.items():
        family_id = variant_id.split(".", 1)[0]
        family = parsed.families.get(family_id)
        if family is None:
            problem(("variants", variant_id), f"no defaults under families.{family_id}")
            continue
        try:
            poses[variant_id] = _resolve(variant_id, family if spec.inherit else PoseSpec(), spec)
        except ValueError as exc:
            problem(("variants", variant_id), str(exc))
    if catalog is not None:
        _cross_check(catalog, parsed, poses, problem)
    if problems:
        raise CatalogError(problems)
    return PoseBook(poses)


def _cross_check(catalog: Catalog, parsed: PoseFile, poses: dict[str, FigurePose],
                 problem: Callable[[PathKey, str], None]) -> None:
    """Every catalogue variant has a pose, no pose names a missing variant, reps move."""
    known = {v.id for v in catalog.variants}
    for variant_id in parsed.variants:
        if variant_id not in known:
            problem(("variants", variant_id), "no such variant in the catalogue")
    for variant in catalog.variants:
        pose = poses.get(variant.id)
        if variant.id not in parsed.variants:
            problem(("variants",), f"{variant.id}: missing (every variant needs a pose)")
        elif pose is not None and pose.isometric and Mode.ISOTONIC in variant.modes:
            problem(("variants", variant.id), "done for reps, so start and end must differ")


@cache
def load_default_poses() -> PoseBook:
    """The shipped pose file, loaded once per process (not cross-checked: see the tests)."""
    return load_poses()
