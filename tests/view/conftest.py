"""Fixtures of the viewer's tests: real runs of the agents in ``runs.py`` on five suite tasks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.view.runs import MixedAgent, ReferenceAnswers, make_run, suite_tasks


@pytest.fixture(scope="session")
def runs(tmp_path_factory) -> dict[str, Path]:
    """``mixed`` (see MixedAgent) and ``reference`` runs of the same five tasks."""
    root = tmp_path_factory.mktemp("view-runs")
    tasks = suite_tasks()
    return {
        "mixed": make_run(root / "mixed", MixedAgent(tasks)),
        "reference": make_run(root / "reference", ReferenceAnswers(tasks)),
    }


@pytest.fixture
def mixed(runs, tmp_path) -> Path:
    """A private copy of the mixed run (tests may write into it)."""
    return Path(shutil.copytree(runs["mixed"], tmp_path / "mixed"))
