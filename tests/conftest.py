"""Shared fixtures: the fixture corpus, one real encoder, and one index built from them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kmhub.index.build import build_index
from kmhub.index.encoders import UseM3Encoder
from kmhub.search.live import open_searcher
from kmhub.settings import Settings
from tests.web_support import chromium

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CASES = FIXTURES / "cases"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# The test suite must never reach a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def encoder() -> UseM3Encoder:
    """The real default encoder, loaded once for the whole session."""
    return UseM3Encoder(threads=1)


@pytest.fixture(scope="session")
def fixture_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at a private copy of the fixture cases and a fresh index folder."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(FIXTURE_CASES, root / "cases")
    return Settings(cases_dir=root / "cases", index_dir=root / "index")


@pytest.fixture(scope="session")
def fixture_index(fixture_settings: Settings, encoder: UseM3Encoder) -> Settings:
    """The fixture corpus built once into an index; returns the settings that find it."""
    build_index(fixture_settings, encoder=encoder, progress=False)
    return fixture_settings


@pytest.fixture(scope="session")
def searcher(fixture_index: Settings, encoder: UseM3Encoder):
    """A Searcher over the session's fixture index (read-only: do not rebuild through it)."""
    return open_searcher(fixture_index, encoder)


@pytest.fixture
def seeds_dir() -> Path:
    """The project's seed news pages, where present (they are absent for most users)."""
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not present")
    return seeds


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module; skips where either is missing."""
    with chromium() as instance:
        yield instance
