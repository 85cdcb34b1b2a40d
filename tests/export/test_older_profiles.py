"""History files written before the body-mass bound became one rule (format version 1).

glutemed 0.1.0 accepted a profile body mass from just over 20 kg; the profile now takes the
load model's 30-300 kg (adult segment tables, Winter 2009 after Dempster). A version-1 file
holding such a mass is still imported, with that mass and its height read as unknown (as the
store reads them); a current-version file with it is refused, naming the field and range.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from glutemed.errors import InputError
from glutemed.export.bundle import FORMAT_VERSION
from glutemed.export.to_csv import parse_csv_zip
from glutemed.export.to_json import parse_json

GOLDEN = Path(__file__).parent / "golden"


def _light_json(version: int) -> bytes:
    data = json.loads((GOLDEN / "history-v1.json").read_bytes())
    data["format_version"] = version
    data["person"]["profile"].update(mass_kg=25.0, height_m=1.3)
    for record in data["programs"]:
        record["program"]["profile"].update(mass_kg=25.0, height_m=1.3)
    return json.dumps(data).encode()


def test_a_version_1_file_with_a_light_body_imports_without_it() -> None:
    original = parse_json((GOLDEN / "history-v1.json").read_bytes())
    bundle = parse_json(_light_json(1))
    profile = bundle.person.profile
    assert (profile.mass_kg, profile.height_m) == (None, None)
    assert all(p.program.profile.mass_kg is None for p in bundle.programs)
    # Everything else arrives as it was written.
    assert profile.model_copy(update={"mass_kg": None, "height_m": None}) == (
        original.person.profile.model_copy(update={"mass_kg": None, "height_m": None})
    )
    assert bundle.performed_sets == original.performed_sets
    assert bundle.decisions == original.decisions


def test_a_current_file_with_a_light_body_is_refused_naming_the_range() -> None:
    with pytest.raises(InputError) as refused:
        parse_json(_light_json(FORMAT_VERSION))
    assert "mass_kg" in str(refused.value) and "30 to 300 kg" in str(refused.value)


def _light_zip() -> bytes:
    """The version-1 zip, its profile cells given a 25 kg body."""
    source = zipfile.ZipFile(io.BytesIO((GOLDEN / "history-v1.zip").read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            text = source.read(name).decode()
            if name in ("person.csv", "programs.csv"):
                assert '""mass_kg"":68.0' in text, name  # the golden file's own mass
                text = text.replace('""mass_kg"":68.0', '""mass_kg"":25.0')
            target.writestr(name, text)
    return out.getvalue()


def test_a_version_1_zip_with_a_light_body_imports_without_it() -> None:
    bundle = parse_csv_zip(_light_zip())
    assert bundle.person.profile.mass_kg is None and bundle.person.profile.height_m is None
    assert all(p.program.profile.mass_kg is None for p in bundle.programs)
    assert len(bundle.performed_sets) == len(parse_csv_zip(
        (GOLDEN / "history-v1.zip").read_bytes()).performed_sets)
