"""A progress bar on stderr for long builds (rich), or nothing when output is not a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Progress:
    """A rich progress bar on stderr, or nothing when quiet."""

    def __init__(self, enabled: bool) -> None:
        self._bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self._bar = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )

    @contextmanager
    def task(self, description: str, total: int) -> Iterator[Callable[[int], None]]:
        """A callable that advances the bar by n steps (default 1)."""
        bar = self._bar
        if bar is None:

            def ignore(n: int = 1) -> None:
                pass

            yield ignore
            return
        task_id = bar.add_task(description, total=total)

        def advance(n: int = 1) -> None:
            bar.advance(task_id, n)

        yield advance

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
