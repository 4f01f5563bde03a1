"""Fetching a page by URL: the address checks, and redirects checked hop by hop, against a real HTTP
server on 127.0.0.1."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from assistant.errors import BadQuery, Forbidden, TooLarge, Unsupported
from assistant.ingest.fetch import check_url, fetch_url


class _Site(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        routes = {
            "/page.html": (
                200,
                {"Content-Type": "text/html; charset=utf-8"},
                "<p>南宁市助餐服务</p>".encode(),
            ),
            "/to-page": (302, {"Location": "/page.html"}, b""),
            "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
            "/loop": (302, {"Location": "/loop"}, b""),
            "/no-location": (302, {}, b""),
            "/data.bin": (200, {"Content-Type": "application/octet-stream"}, b"\0" * 10),
            "/notes.md": (200, {"Content-Type": "application/octet-stream"}, "# 标题\n正文".encode()),
            "/big.txt": (200, {"Content-Type": "text/plain"}, b"x" * 5000),
        }
        status, headers, body = routes.get(self.path, (404, {}, b""))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(url: str, allow_private: bool = True, max_bytes: int = 1000):
    return fetch_url(url, max_bytes=max_bytes, timeout=10, allow_private=allow_private)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1.2.3/",
        "http://localhost/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://169.254.169.254/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://[fd00::1]/",
        "http://224.0.0.1/",
    ],
)
def test_non_public_addresses_are_refused(url: str) -> None:
    with pytest.raises(Forbidden):
        check_url(url, allow_private=False)
    assert check_url(url, allow_private=True) == url


def test_a_public_address_passes() -> None:
    assert check_url("http://8.8.8.8/page", allow_private=False) == "http://8.8.8.8/page"


def test_redirects_are_followed_and_each_hop_checked(site: str) -> None:
    page = fetch(f"{site}/to-page")
    assert page.url.endswith("/page.html") and page.suffix == ".html" and "助餐" in page.data.decode()
    with pytest.raises(BadQuery, match="http"):
        fetch(f"{site}/to-file")
    with pytest.raises(BadQuery, match="more than"):
        fetch(f"{site}/loop")
    with pytest.raises(BadQuery, match="without saying where"):
        fetch(f"{site}/no-location")
    with pytest.raises(Forbidden):
        fetch(f"{site}/to-page", allow_private=False)


def test_type_and_size(site: str) -> None:
    with pytest.raises(Unsupported):
        fetch(f"{site}/data.bin")
    assert fetch(f"{site}/notes.md").suffix == ".md"  # a generic type, named by the path
    with pytest.raises(TooLarge):
        fetch(f"{site}/big.txt")
    with pytest.raises(BadQuery, match="404"):
        fetch(f"{site}/missing")
