"""The app factory: one FastAPI app per Settings, with every piece of state on `app.state`."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from kmhub import __version__
from kmhub.errors import IndexMissingError
from kmhub.index.encoders import Encoder
from kmhub.search.live import LiveSearcher
from kmhub.settings import Settings
from kmhub.web import insights_routes, opendata_routes, pages
from kmhub.web.api import api_router, health_router
from kmhub.web.deps import SERVER_ERRORS
from kmhub.web.errors import install_error_handlers
from kmhub.web.guard import GuardMiddleware
from kmhub.web.handout import handout_environment
from kmhub.web.pack_routes import pack_router
from kmhub.web.renders import RenderPool


def create_app(settings: Settings, encoder: Encoder | None = None) -> FastAPI:
    """A new app for these settings; all state lives on `app.state`, none in this module."""
    live = LiveSearcher(settings, encoder)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load index and encoder before the first request, when there is an index.
        with contextlib.suppress(IndexMissingError):
            live.get()
        app.state.renders.stop_on_signals()  # uvicorn has installed its handlers by now
        app.state.renders.warm()
        yield
        app.state.renders.close()  # shutdown: renders in progress stop now
        if app.state.insights is not None:
            app.state.insights.close()  # write what is still buffered

    app = FastAPI(
        title="kmhub API",
        version=__version__,
        description="คลังความรู้จังหวัดคุณธรรม (อ่านอย่างเดียว) / moral-province lessons, read-only",
        docs_url=None,  # served by pages.docs_page from local files, not a CDN
        redoc_url=None,
        lifespan=lifespan,
        responses=SERVER_ERRORS,
    )
    app.state.settings = settings
    app.state.live = live
    app.state.handout_jinja = handout_environment(settings.web_dir)
    app.state.renders = RenderPool()
    app.add_middleware(GuardMiddleware)
    install_error_handlers(app)
    app.include_router(health_router())
    app.include_router(api_router(settings))
    pages.install(app, settings)
    opendata_routes.install(app, settings)
    insights_routes.install(app, settings)
    app.include_router(pack_router())
    return app
