"""The wheel works on its own: built, installed outside the checkout, it builds an index and
serves the pages, the static files and the API docs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from kmhub.web.testing import free_port

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "cases"
pytestmark = pytest.mark.slow


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # A copy of the tree, so the build's own scratch files never land in the checkout.
    source = tmp_path_factory.mktemp("src") / "kmhub"
    skipped = shutil.ignore_patterns(".git", "*.egg-info", "__pycache__")

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = {"index", "build", "dist"} if Path(folder) == ROOT else set()
        return set(skipped(folder, names)) | (top & set(names))

    shutil.copytree(ROOT, source, ignore=ignore)
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        out,
        source,
        cwd=out,
    )
    (found,) = out.glob("kmhub-*.whl")
    return found


def test_wheel_holds_the_web_ui_and_the_case_template(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in [
        "kmhub/web/templates/base.html",
        "kmhub/web/templates/search.html",
        "kmhub/web/static/app.css",
        "kmhub/web/static/app.js",
        "kmhub/cases/template/case.md",
        "kmhub/py.typed",
    ]:
        assert needed in names
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_builds_and_serves(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    # The dependencies come from this interpreter's site-packages (no network), added as a plain
    # path: its .pth files, an editable kmhub among them, are not run, so kmhub is the wheel's.
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path)
    deps = [p for p in sys.path if p.endswith("site-packages")]
    (Path(site.stdout.strip()) / "kmhub-test-deps.pth").write_text("\n".join(deps) + "\n")
    run(python, "-m", "pip", "install", "--no-deps", "--force-reinstall", "-q", wheel, cwd=tmp_path)
    probe = "import kmhub.index.build, kmhub.web.app as a; print(a.__file__)"
    where = run(python, "-c", probe, cwd=tmp_path).stdout
    assert str(venv) in where and str(ROOT) not in where
    cases = tmp_path / "cases"
    shutil.copytree(FIXTURES, cases)
    kmhub = venv / "bin" / "kmhub"
    run(kmhub, "build", "--cases", cases, "--index", tmp_path / "index", "--quiet", cwd=tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [
            str(kmhub),
            "serve",
            "--cases",
            str(cases),
            "--index",
            str(tmp_path / "index"),
            "--port",
            str(port),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "the installed server did not start"
                time.sleep(0.5)
        case_id = next(cases.glob("*.md")).stem
        for path in ["/", f"/cases/{case_id}", "/static/app.css", "/docs"]:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path
                assert len(response.read()) > 100
    finally:
        server.terminate()
        server.wait(timeout=30)
