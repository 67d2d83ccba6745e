"""Fixtures for the export tests; the data lives in sample.py so tests can import it."""

from __future__ import annotations

import pytest

from cspe_tui.domain.group import GroupState
from cspe_tui.exports.school import SchoolInfo

from .sample import SCHOOL, build_state


@pytest.fixture
def closed_state() -> GroupState:
    return build_state(closed=True)


@pytest.fixture
def open_state() -> GroupState:
    return build_state(closed=False)


@pytest.fixture
def school() -> SchoolInfo:
    return SCHOOL
