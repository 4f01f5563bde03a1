"""The pages: the web chat at /, the operator console at /console, the staff workspace at /admin, their assets at /static."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

from assistant.settings import PROJECT_ROOT

WEB = PROJECT_ROOT / "web"


def web_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def page(name: str) -> Response:
        path = WEB / name
        if not path.is_file():
            return HTMLResponse(f"<h1>{name} is missing</h1>", status_code=404)
        return FileResponse(path, media_type="text/html; charset=utf-8")

    @router.get("/")
    def chat() -> Response:
        return page("index.html")

    @router.get("/console")
    def console() -> Response:
        return page("console.html")

    @router.get("/admin")
    def admin() -> Response:
        return page("admin.html")

    return router
