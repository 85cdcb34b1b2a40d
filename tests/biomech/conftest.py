"""Fixtures for the load-model tests: the shipped parameters and a reference person."""

from __future__ import annotations

import pytest

from glutemed.biomech.anthropometrics import Person
from glutemed.biomech.loader import load_default_body_parameters, load_default_variant_models
from glutemed.biomech.parameters import BodyParameters, VariantModel


@pytest.fixture(scope="session")
def params() -> BodyParameters:
    return load_default_body_parameters()


@pytest.fixture(scope="session")
def models() -> dict[str, VariantModel]:
    return load_default_variant_models()


@pytest.fixture
def person() -> Person:
    """The worked example of docs/evidence.md's worked check: 70 kg, 1.75 m."""
    return Person(mass_kg=70, height_m=1.75)
