"""The shared `kmhub` typer app, its option types and helpers, and `main`'s error handling."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import click
import typer

from kmhub import __version__
from kmhub.errors import KmhubError
from kmhub.settings import Settings

app = typer.Typer(
    help="kmhub: คลังความรู้และบทเรียนจังหวัดคุณธรรม / moral-province lessons-learned repository",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

IndexOpt = Annotated[
    Path | None, typer.Option("--index", help="Index folder (default index/, KMHUB_INDEX).")
]
CasesOpt = Annotated[
    Path | None, typer.Option("--cases", help="Cases folder (default cases/, KMHUB_CASES).")
]
EncoderOpt = Annotated[
    str | None, typer.Option("--encoder", help="use-m3 (default) or st:<model> (KMHUB_ENCODER).")
]


def echo_err(text: str) -> None:
    typer.echo(text, err=True)


def _typer_usage_error() -> type[Exception]:
    """typer 0.29 bundles its own click, whose usage errors are not the click package's."""
    try:
        from typer._click.exceptions import ClickException
    except ImportError:  # older typer uses the click package itself
        return click.ClickException
    return ClickException


USAGE_ERRORS: tuple[type[Exception], ...] = (click.ClickException, _typer_usage_error())
ABORTS: tuple[type[BaseException], ...] = (typer.Abort, click.exceptions.Abort, KeyboardInterrupt)


def settings_from(**overrides: Any) -> Settings:
    rename = {"index": "index_dir", "cases": "cases_dir"}
    return Settings.from_env(**{rename.get(k, k): v for k, v in overrides.items()})


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"kmhub {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True)
    ] = False,
) -> None:
    """kmhub command line."""


# Exit codes: 0 done; 1 invalid case files (validate, a strict build); 2 a usage error or one of
# kmhub's own errors (kmhub.errors gives each its code); 130 interrupted (Ctrl-C, end of input).
def main() -> None:
    """Entry point: every failure becomes a two-language message and its exit code, never a traceback."""
    try:
        # Without standalone mode click returns (not raises) the code of typer.Exit(n).
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except KmhubError as exc:
        echo_err(f"ข้อผิดพลาด: {exc.thai}\nerror: {exc.english}")
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except USAGE_ERRORS as exc:
        exc.show()  # type: ignore[attr-defined]  # typer's usage message: "Usage: ... Try --help"
        sys.exit(2)
    except ABORTS:
        echo_err("\nยกเลิก / aborted")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: a message, not a traceback
        if os.environ.get("KMHUB_DEBUG"):
            raise
        echo_err(
            f"ข้อผิดพลาดที่ไม่คาดคิด: {exc!r}\nunexpected error: {exc!r} (set KMHUB_DEBUG=1 for details)"
        )
        sys.exit(1)
