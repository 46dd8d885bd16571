"""Bounds on contributed case files, so one file cannot exhaust memory or CPU (docs/security.md)."""

from __future__ import annotations

MAX_FILE_BYTES = 1_000_000  # a whole case file
MAX_FRONT_MATTER_CHARS = 20_000  # the YAML between the --- lines
MAX_YAML_DEPTH = 3  # a case needs at most a list of mappings (sources: - title: ...)
MAX_TITLE_CHARS = 250  # title, title_en; the longest real title has 129
SUMMARY_WARN_CHARS = 600  # beyond this a summary is no longer 2-4 sentences (a warning)
MAX_SUMMARY_CHARS = 2_000  # summary, summary_en: refused beyond this
MAX_FIELD_CHARS = 500  # any other text field or list item (date_note, an organization, ...)
MAX_URL_CHARS = 2_000
MAX_LIST_ITEMS = 100  # virtues, topics, organizations, contributors, sources
MAX_BODY_CHARS = 100_000  # the Markdown body; the longest real body has 3,852
MAX_LINE_CHARS = 5_000  # one line of the body; the longest real line has 477
MAX_LINKS = 200  # links and images in a body
MAX_BRACKETS = 1_000  # "[" in a body: every one may start a link the parser must try
MAX_EMPHASIS_RUNS = 1_000  # runs of * or _ in a body; the most in a real case is 8
MAX_NESTING = 8  # nested lists and quotes in a body

# The prompts `kmhub import-news` leaves for the editor start with this text (see news.draft).
PLACEHOLDER_MARK = "ให้ผู้เรียบเรียงเติม"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
ASSETS_DIR = "assets"  # images of a case live in assets/ beside the case file
MAX_IMAGE_BYTES = 2_000_000
