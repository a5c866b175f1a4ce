"""Shared fixtures: the packaged suite (parsed once per session)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def suite():
    from drafterbench.tasks.suite import load_suite

    return load_suite()
