"""One settings object for every kmhub command, with documented defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

FusionMethod = Literal["rrf", "score"]
SearchMode = Literal["lexical", "dense", "hybrid"]

# Environment variables that override a default: KMHUB_<FIELD NAME IN CAPITALS>.
ENV_PREFIX = "KMHUB_"


def _doc(text: str, default: Any) -> Any:
    return field(default=default, metadata={"doc": text})


@dataclass(frozen=True)
class Settings:
    """Every tunable of kmhub; `docs/architecture.md` renders this table."""

    cases_dir: Path = _doc("Folder of case files (KMHUB_CASES).", Path("cases"))
    index_dir: Path = _doc("Folder of the built index (KMHUB_INDEX).", Path("index"))
    encoder: str = _doc(
        "Sentence encoder: `use-m3` or `st:<model or path>` (KMHUB_ENCODER).", "use-m3"
    )
    encoder_threads: int = _doc(
        "BLAS threads for use-m3; 1 is fastest for single queries on 2 cores (see docs/performance.md).",
        1,
    )
    build_encoder_threads: int = _doc(
        "BLAS threads for use-m3 during a build, where large batches gain from every core.", 2
    )
    encode_batch_size: int = _doc("Passages per encoder call during a build.", 64)
    chunk_max_chars: int = _doc("Longest passage, in characters.", 400)
    chunk_min_chars: int = _doc("Shorter pieces are merged with their neighbour.", 120)
    search_mode: SearchMode = _doc("Default search mode.", "hybrid")
    fusion: FusionMethod = _doc("How hybrid search fuses lexical and dense ranks.", "rrf")
    dense_weight: float = _doc(
        "Weight of the dense side in fusion (lexical gets 1 - this); 0.2 measured best"
        " (docs/evaluation.md).",
        0.2,
    )
    rrf_k: int = _doc("The k constant of reciprocal rank fusion.", 60)
    dense_min_score: float = _doc(
        "Dense candidates below this cosine are dropped, so a query about nothing in the corpus"
        " finds nothing rather than everything; 0.1 leaves the evaluation unchanged.",
        0.1,
    )
    candidates: int = _doc("Passages each retriever hands to fusion.", 200)
    page_size: int = _doc("Results per page.", 10)
    max_page_size: int = _doc("Largest page a caller may ask for.", 50)
    max_query_chars: int = _doc("Longest accepted query.", 500)
    web_dir: Path = _doc(
        "Folder of the web UI's templates/ and static/ (KMHUB_WEB_DIR).",
        Path(__file__).resolve().parents[1] / "web",
    )

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then KMHUB_* environment variables, then explicit overrides (None ignored)."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        aliases = {"cases_dir": "CASES", "index_dir": "INDEX"}
        for f in fields(cls):
            name = ENV_PREFIX + aliases.get(f.name, f.name.upper())
            if name in env and env[name] != "":
                values[f.name] = _coerce(f.default, env[name])
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("cases_dir", "index_dir"):
            if key in values:
                values[key] = Path(values[key])
        return cls(**values)

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(default: Any, raw: str) -> Any:
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, Path):
        return Path(raw)
    return raw


def settings_table() -> list[tuple[str, str, str]]:
    """(name, default, description) rows for the documentation."""
    return [(f.name, str(f.default), f.metadata.get("doc", "")) for f in fields(Settings)]
