"""The documentation keeps up with the code: settings, commands, routes, modules and layers."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kmhub.cli import app as cli_app
from kmhub.settings import Settings, env_name, settings_table
from kmhub.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
# The API is described in docs/api.md, the pack routes in docs/packs.md, and so on.
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_default() -> None:
    missing = [
        name
        for name, default, _ in settings_table()
        # web_dir's default is an absolute path inside the installed package
        if name != "web_dir" and f"| `{name}` | `{default}` |" not in ARCHITECTURE
    ]
    assert missing == []
    assert "| `web_dir` |" in ARCHITECTURE


def test_every_setting_has_its_variable() -> None:
    for name, _, _ in settings_table():
        variable = env_name(name)
        assert Settings.from_env({variable: str(getattr(Settings(), name))}) == Settings()


def test_every_command_is_in_the_readme() -> None:
    names = [
        c.name or (c.callback.__name__ if c.callback else "") for c in cli_app.registered_commands
    ]
    assert len(names) >= 8
    missing = [n for n in names if not re.search(rf"kmhub {re.escape(n)}\b", README)]
    assert missing == []


def test_every_api_route_is_in_the_docs() -> None:
    schema = (
        TestClient(create_app(Settings(index_dir=ROOT / "no-index-here")))
        .get("/openapi.json")
        .json()
    )
    paths = list(schema["paths"])
    assert "/api/search" in paths
    missing = [
        p for p in paths if not re.search(rf"`(?:(?:GET|POST|HEAD) )?{re.escape(p)}[`?\s]", DOCS)
    ]
    assert missing == []


def _modules() -> list[tuple[str, str]]:
    """(package or "", module) for every module of kmhub."""
    found = []
    for path in sorted((ROOT / "kmhub").rglob("*.py")):
        rel = path.relative_to(ROOT / "kmhub")
        if path.name in ("__init__.py", "__main__.py"):
            continue
        found.append((rel.parts[0] if len(rel.parts) > 1 else "", path.name))
    return found


@pytest.mark.parametrize(("package", "module"), _modules())
def test_every_module_is_in_the_architecture_table(package: str, module: str) -> None:
    if package:
        row = next(
            (line for line in ARCHITECTURE.splitlines() if line.startswith(f"| `{package}/` |")), ""
        )
        assert f"`{module}`" in row, (
            f"docs/architecture.md: add {package}/{module} to the `{package}/` row"
        )
    else:
        assert f"| `{module}` |" in ARCHITECTURE


def test_the_diagram_draws_the_layer_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    diagram = ARCHITECTURE.split("```", 2)[1]
    positions = []
    for layer in layers["layers"]:
        names = [n.strip().removeprefix("kmhub.") for n in layer.split("|")]
        for name in names:
            shown = f"{name}.py" if (ROOT / "kmhub" / f"{name}.py").exists() else f"{name}/"
            assert shown in diagram, f"the architecture diagram lacks {shown}"
        positions.append(
            min(
                diagram.index(f"{n}.py" if (ROOT / "kmhub" / f"{n}.py").exists() else f"{n}/")
                for n in names
            )
        )
    # highest layer first, as in the contract; settings and errors share the last line
    assert positions[:-2] == sorted(positions[:-2])
