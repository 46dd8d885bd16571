"""The curl examples of docs/api.md, run as written against a real server on 127.0.0.1."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from kmhub.settings import Settings
from kmhub.web.app import create_app
from kmhub.web.testing import background_server

DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"
HOST = "http://127.0.0.1:8000"


def curl_lines() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("curl ")]


def test_the_docs_have_curl_examples() -> None:
    assert len(curl_lines()) >= 3 and all(HOST in line for line in curl_lines())


@pytest.mark.parametrize("line", curl_lines())
def test_each_curl_example_runs_as_written(
    line: str, fixture_index: Settings, encoder, tmp_path: Path
) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    with background_server(create_app(fixture_index, encoder)) as base:
        # Only the address changes; `-w` adds the status after whatever the command prints.
        command = [*shlex.split(line.replace(HOST, base)), "-w", "\n%{http_code}"]
        run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.rstrip().splitlines()[-1] == "200", run.stdout[-500:]
