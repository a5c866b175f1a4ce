"""Fixtures of the local-backend tests: the tiny models of ``tiny_models.py`` (see there for their design)."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

# Tiny models gain nothing from intra-op threads, and on a shared 2-core machine spinning OpenMP workers
# slow everyone down.
torch.set_num_threads(1)

from tests.local.tiny_models import FAMILIES, build_pair, random_prompts, save_pair  # noqa: E402


@pytest.fixture(scope="session", params=FAMILIES)
def family(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def pair(family):
    """(target, drafter) of the parametrised family."""
    return build_pair(family)


@pytest.fixture(scope="session")
def prompts():
    return random_prompts()


@pytest.fixture(scope="session")
def saved_pair(tmp_path_factory) -> tuple[Path, Path]:
    """Directories of a saved tiny Qwen2 (target, drafter) pair loadable by path, with a chat template."""
    return save_pair(tmp_path_factory.mktemp("tiny-models"))
