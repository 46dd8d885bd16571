"""One settings object for every kmhub command, with documented defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args

from kmhub.errors import SettingsError

# The registries of search modes and fusion methods: every check, CLI help and OpenAPI enum
# reads these; kmhub.search.fusion keeps one implementation per method (a test checks both agree).
SearchMode = Literal["lexical", "dense", "hybrid"]
FusionMethod = Literal["calibrated", "score", "rrf"]
SEARCH_MODES: tuple[str, ...] = get_args(SearchMode)
FUSION_METHODS: tuple[str, ...] = get_args(FusionMethod)

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
    fusion: FusionMethod = _doc(
        "How hybrid search fuses lexical and dense case scores: `calibrated` (weighted sum of"
        " scores on a fixed scale), `score` (min-max) or `rrf` (reciprocal ranks).",
        "calibrated",
    )
    dense_weight: float = _doc(
        "Weight of the dense side in fusion (lexical gets 1 - this); 0.25 measured best with"
        " calibrated fusion over Thai QA and the graded queries together (docs/evaluation.md).",
        0.25,
    )
    gram_weight: float = _doc(
        "Share of the lexical evidence taken from character 4-grams rather than words (0: words"
        " only); it forgives segmentation and spelling differences (docs/evaluation.md).",
        0.5,
    )
    translation_weight: float = _doc(
        "Weight, beside the lexical share, of the share of an English query's words that a case"
        " holds in Thai translation (WordNet senses; 0: off); measured in docs/evaluation.md.",
        0.3,
    )
    rrf_k: int = _doc("The k constant of reciprocal rank fusion.", 60)
    dense_min_score: float = _doc(
        "Dense candidates below this cosine are dropped, so a query about nothing in the corpus"
        " finds nothing rather than everything; 0.1 leaves the evaluation unchanged.",
        0.1,
    )
    dense_clear_score: float = _doc(
        "A case whose best passage reaches this cosine is a result by meaning alone, even when it"
        " shares few of the query's key words (docs/search-rules.md).",
        0.40,
    )
    candidates: int = _doc(
        "Cases the lexical side and passages the dense side hand to fusion.", 200
    )
    page_size: int = _doc("Results per page.", 10)
    max_page_size: int = _doc("Largest page a caller may ask for.", 50)
    max_query_chars: int = _doc("Longest accepted query.", 500)
    web_dir: Path = _doc(
        "Folder of the web UI's templates/ and static/ (KMHUB_WEB_DIR).",
        Path(__file__).resolve().parent / "web",
    )
    insights: bool = _doc(
        "Record searches, case views and packs for curators (KMHUB_INSIGHTS=off to stop).", True
    )
    insights_retention_days: int = _doc("Days the insights database keeps its records.", 90)
    insights_loose_cosine: float = _doc(
        "Results whose best dense cosine is below this count as only loosely related.", 0.2
    )
    admin_token: str = field(
        default="",
        repr=False,  # a secret: never printed with the settings
        metadata={"doc": "Token that opens /insights (KMHUB_ADMIN_TOKEN); empty hides the page."},
    )
    public_url: str = _doc(
        "Address the site is published at, for links in feeds and exports (KMHUB_PUBLIC_URL);"
        " empty: the address each request came to.",
        "",
    )
    feed_size: int = _doc("Most entries in an Atom feed.", 50)

    def __post_init__(self) -> None:
        for problem in _problems(self):
            raise SettingsError(*problem)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then KMHUB_* environment variables, then explicit overrides (None ignored)."""
        variables: Mapping[str, str] = os.environ if env is None else env
        values: dict[str, Any] = {}
        from_variable: dict[str, str] = {}
        for f in fields(cls):
            name = env_name(f.name)
            if variables.get(name, "") != "":
                values[f.name] = _coerce(f.default, variables[name], name)
                from_variable[f.name] = name
        given = {k: v for k, v in overrides.items() if v is not None}
        values.update(given)
        for key in ("cases_dir", "index_dir"):
            if key in values:
                values[key] = Path(values[key])
        try:
            return cls(**values)
        except SettingsError as exc:
            # Name the variable the bad value came from, so the user knows what to fix.
            named = [v for f, v in from_variable.items() if f not in given and f in exc.english]
            if not named:
                raise
            raise SettingsError(
                f"{exc.thai} (จากตัวแปร {', '.join(named)})",
                f"{exc.english} (from {', '.join(named)})",
            ) from None

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (None values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def env_name(field_name: str) -> str:
    """The environment variable of a setting: KMHUB_CASES, KMHUB_INDEX, else KMHUB_<NAME>."""
    aliases = {"cases_dir": "CASES", "index_dir": "INDEX"}
    return ENV_PREFIX + aliases.get(field_name, field_name.upper())


def _coerce(default: Any, raw: str, name: str) -> Any:
    """The text of a KMHUB_* variable as the type of its default; SettingsError names it."""
    try:
        if isinstance(default, bool):
            return raw.lower() in {"1", "true", "yes", "on"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError:
        kind = "จำนวนเต็ม / an integer" if isinstance(default, int) else "ตัวเลข / a number"
        raise SettingsError(
            f"ตัวแปร {name}='{raw[:40]}' ต้องเป็น{kind.split(' / ')[0]}",
            f"{name}='{raw[:40]}' must be {kind.split(' / ')[1]}",
        ) from None
    if isinstance(default, Path):
        return Path(raw)
    return raw


def _problems(s: Settings) -> list[tuple[str, str]]:
    """(Thai, English) for each setting out of range; the field names match KMHUB_* variables."""
    found: list[tuple[str, str]] = []

    def one_of(name: str, value: str, allowed: tuple[str, ...]) -> None:
        if value not in allowed:
            found.append(
                (
                    f"ค่า {name}='{value}' ใช้ไม่ได้ ใช้ได้: {', '.join(allowed)}",
                    f"{name}='{value}' is not one of {', '.join(allowed)}",
                )
            )

    def at_least(name: str, value: float, low: float) -> None:
        if value < low:
            found.append(
                (f"ค่า {name}={value} ต้องไม่น้อยกว่า {low}", f"{name}={value} must be ≥ {low}")
            )

    one_of("search_mode", s.search_mode, SEARCH_MODES)
    one_of("fusion", s.fusion, FUSION_METHODS)
    if not 0.0 <= s.dense_weight <= 1.0:
        found.append(
            (
                f"ค่า dense_weight={s.dense_weight} ต้องอยู่ระหว่าง 0 ถึง 1",
                f"dense_weight={s.dense_weight} must be between 0 and 1 (lexical gets 1 - it)",
            )
        )
    for name in ("gram_weight", "translation_weight"):
        value = getattr(s, name)
        if not 0.0 <= value <= 1.0:
            found.append(
                (
                    f"ค่า {name}={value} ต้องอยู่ระหว่าง 0 ถึง 1",
                    f"{name}={value} must be between 0 and 1",
                )
            )
    for name in ("encoder_threads", "build_encoder_threads", "encode_batch_size", "candidates"):
        at_least(name, getattr(s, name), 1)
    for name in ("rrf_k", "page_size", "max_page_size", "max_query_chars", "chunk_max_chars"):
        at_least(name, getattr(s, name), 1)
    at_least("chunk_min_chars", s.chunk_min_chars, 0)
    at_least("insights_retention_days", s.insights_retention_days, 1)
    at_least("feed_size", s.feed_size, 1)
    if s.page_size > s.max_page_size:
        found.append(
            (
                f"page_size={s.page_size} มากกว่า max_page_size={s.max_page_size}",
                f"page_size={s.page_size} is larger than max_page_size={s.max_page_size}",
            )
        )
    return found


def settings_table() -> list[tuple[str, str, str]]:
    """(name, default, description) rows for the documentation."""
    return [(f.name, str(f.default), f.metadata.get("doc", "")) for f in fields(Settings)]
