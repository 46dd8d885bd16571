#!/usr/bin/env bash
# Set up everything the test suite needs on a Debian machine, then run it.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages (skipped when already present): Chromium for browser tests, Thai fonts for pages,
# Pango for WeasyPrint, poppler-utils (pdffonts, pdftotext) and LibreOffice Writer for pack tests.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi garuda \
   || ! fc-list 2>/dev/null | grep -qi "Noto Sans Thai" || ! command -v pdffonts >/dev/null 2>&1 \
   || ! command -v soffice >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    # Wait for another apt (an unattended upgrade, a parallel job) instead of failing at once.
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium fonts-thai-tlwg fonts-noto-core \
      libpango-1.0-0 libpangoft2-1.0-0 poppler-utils libreoffice-writer-nogui >/dev/null
  else
    echo "chromium / Thai fonts / pango missing: browser and PDF tests may be skipped or fail" >&2
  fi
fi

python -m pip install -q --upgrade pip
# torch from the local CPU wheel first: any other spec would pull gigabytes of CUDA packages.
python -m pip install -q "torch==2.13.0"
python -m pip install -q -e ".[dev,st-test]"

ruff check kmhub tests bench
ruff format --check kmhub tests bench
lint-imports  # the layer contract of pyproject.toml [tool.importlinter]
mypy  # [tool.mypy]: kmhub/ type-checks clean
# Case text must be written in our own words: compare it with the source excerpts where they exist.
if [ -d ../shared/sources ]; then
  python scripts/check_copies.py --sources ../shared/sources
fi
python -m pytest "$@"
