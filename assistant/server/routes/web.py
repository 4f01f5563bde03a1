"""The pages: the web chat at /, the operator console at /console, the staff workspace at /admin, their assets at /static."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

from assistant.settings import PROJECT_ROOT

WEB = PROJECT_ROOT / "web"
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


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
        response = page("admin.html")
        # The workspace holds the admin token: nothing but our own files runs in it, it is never framed,
        # and the evaluation report (inline styles) shows in a sandboxed frame.
        response.headers["Content-Security-Policy"] = ADMIN_POLICY
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return router
