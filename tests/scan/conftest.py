"""Fixtures for the scanning tests: a signing secret and seeded generators."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture
def secret() -> bytes:
    return bytes(range(32))


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240601)
