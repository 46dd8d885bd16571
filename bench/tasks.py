"""Retrieval benchmark tasks: a passage/question set or a graded queries file turned into case
files and queries (bench/retrieval.py runs them)."""

from __future__ import annotations

import json
import random
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kmhub.search.evaluate import load_queries
from kmhub.text.thai import split_words

ROOT = Path(__file__).resolve().parents[1]
DATASET = Path("data") / "iapp-wiki-qa-train"
SUMMARY_CHARS = 300


@dataclass(frozen=True)
class Query:
    qid: str
    text: str
    relevant: dict[str, int]
    lang: str = "th"
    kind: str = ""


@dataclass
class Task:
    name: str
    cases_dir: Path
    queries: list[Query]
    notes: list[str] = field(default_factory=list)


def default_data() -> Path | None:
    """../shared/data/iapp-wiki-qa-train, looked for beside the checkout and its parents."""
    for base in ROOT.parents:
        candidate = base / "shared" / DATASET
        if candidate.is_dir():
            return candidate
    return None


def _lead(text: str) -> str:
    """The first line of a passage, cut between words to at most SUMMARY_CHARS."""
    first = text.strip().split("\n", 1)[0].strip()
    if len(first) <= SUMMARY_CHARS:
        return first
    out = ""
    for word in split_words(first):
        if len(out) + len(word) > SUMMARY_CHARS:
            break
        out += word
    return out.strip() or first[:SUMMARY_CHARS]


def write_passage_case(folder: Path, pid: str, title: str, text: str) -> str:
    """One passage as a valid case file: its article title, its lead as summary, all as body."""
    case_id = f"qa-{pid.lower()}"
    front = {
        "id": case_id,
        "title": title.strip() or pid,
        "province": "กรุงเทพมหานคร",
        "date": "2021-01-01",
        "level": "organization",
        "networks": ["civil-society"],
        "summary": _lead(text),
        "language": "th",
        "status": "published",
    }
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
    body = "\n\n".join(p.strip() for p in text.split("\n") if p.strip())
    (folder / f"{case_id}.md").write_text(f"---\n{head}---\n\n## บริบท\n\n{body}\n", "utf-8")
    return case_id


def passage_task(data: Path, work: Path, sample: int, seed: int, limit: int | None) -> Task:
    passages = [json.loads(line) for line in (data / "passages.jsonl").open(encoding="utf-8")]
    questions = [json.loads(line) for line in (data / "questions.jsonl").open(encoding="utf-8")]
    rng = random.Random(seed)
    chosen = passages if sample >= len(passages) else rng.sample(passages, sample)
    folder = work / "cases"
    shutil.rmtree(folder, ignore_errors=True)  # a reused --work holds only this sample
    folder.mkdir(parents=True)
    ids = {p["id"]: write_passage_case(folder, p["id"], p["title"], p["text"]) for p in chosen}
    asked = [
        (q["question"].strip(), q["passage"])
        for q in questions
        if q["passage"] in ids and q["question"].strip()
    ]
    if limit is not None and limit < len(asked):
        asked = rng.sample(asked, limit)
    # The same question asked of several passages ("ราคาเท่าไรหรอครับ" of ten products) has one
    # right answer per passage but one ranking: its figures are reported apart, as a group.
    asked_of: dict[str, set[str]] = defaultdict(set)
    for text, passage in asked:
        asked_of[text].add(passage)
    kind = {text: "one-passage" if len(of) == 1 else "shared" for text, of in asked_of.items()}
    queries = [
        Query(f"q{i}", text, {ids[passage]: 1}, kind=kind[text])
        for i, (text, passage) in enumerate(asked)
    ]
    note = (
        f"{data.name}: {len(chosen)} of {len(passages)} passages (seed {seed}),"
        f" {len(queries)} of their questions"
    )
    return Task(data.name, folder, queries, [note])


def over_sample(sampled: Task, path: Path, work: Path) -> Task:
    """A graded queries file over the passages a passage task sampled, in place of its
    questions; a query about a passage outside the sample is left out, and counted."""
    task = queries_task(sampled.cases_dir, path, work)
    held = {p.stem for p in sampled.cases_dir.glob("*.md")}
    kept = [q for q in task.queries if set(q.relevant) <= held]
    note = f"{len(kept)} of its {len(task.queries)} queries are about sampled passages"
    return Task(task.name, sampled.cases_dir, kept, [*sampled.notes[:1], *task.notes, note])


def strip_english(source: Path, folder: Path) -> Path:
    """Copies of the case files without title_en and summary_en: Thai text only."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.md")):
        out, skipping, fences = [], False, 0
        for line in path.read_text(encoding="utf-8").split("\n"):
            fences += line.strip() == "---"
            if fences == 1 and line.startswith(("title_en:", "summary_en:")):
                skipping = True
                continue
            if skipping and line.startswith((" ", "\t")):
                continue
            skipping = False
            out.append(line)
        (folder / path.name).write_text("\n".join(out), encoding="utf-8")
    return folder


def queries_task(cases: Path, path: Path, work: Path, thai_only: bool = False) -> Task:
    loaded = load_queries(path)
    queries = [
        Query(f"q{i}", q.text, dict(q.relevant), q.lang, q.kind)
        for i, q in enumerate(loaded)
        if q.relevant and (q.lang == "en" or not thai_only)
    ]
    notes = [f"{path}: {len(queries)} graded queries over {cases}"]
    if thai_only:
        cases = strip_english(cases, work / "cases-thai-only")
        notes.append("English queries only, over the cases without title_en and summary_en")
    return Task(path.name, cases, queries, notes)
