"""Fetch a web page or file for the knowledge base: http/https only, with size and time limits, and never
from a loopback, private or link-local address (server-side request forgery) unless allowed.

The address is checked twice: every address the host name resolves to before connecting, and the address
actually connected to (a name that resolves differently the second time cannot slip through). Redirects
are followed one at a time, each checked the same way.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit

import httpx

from assistant.errors import BadQuery, Forbidden, TooLarge, Unsupported

MAX_REDIRECTS = 5
# What a server says it sends, and the file type we store it as.
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    suffix: str  # .html, .txt, .md, .pdf or .docx
    name: str  # a file name stem suggested by the URL
    data: bytes


def _refused(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_url(url: str, allow_private: bool) -> str:
    """The URL when it is http(s) to a host whose every address is public; raises otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"}:
        raise BadQuery(
            f"only http:// and https:// addresses can be fetched, not {parts.scheme or 'no scheme'!r}"
        )
    if not parts.hostname:
        raise BadQuery("the address has no host name")
    if parts.username or parts.password:
        raise BadQuery("addresses with a user name or password are not fetched")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise BadQuery("the address has an invalid port") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise BadQuery(f"cannot resolve the host name {parts.hostname!r}") from None
    if not allow_private:
        for info in infos:
            address = str(info[4][0])
            if _refused(address):
                raise Forbidden(
                    f"{parts.hostname} resolves to {address}, a loopback, private or link-local address: "
                    "not fetched"
                )
    return url.strip()


def _suffix(content_type: str, url: str) -> str:
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in CONTENT_TYPES:
        return CONTENT_TYPES[kind]
    by_name = PurePosixPath(urlsplit(url).path).suffix.lower()
    if kind in {"", "application/octet-stream"} and by_name in {
        ".md",
        ".txt",
        ".html",
        ".htm",
        ".pdf",
        ".docx",
    }:
        return ".html" if by_name == ".htm" else by_name
    raise Unsupported(f"the page is {kind or 'of no stated type'}; fetch HTML, text, Markdown, PDF or DOCX")


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1_000_000 else f"{count:,} bytes"


def _name(url: str) -> str:
    parts = urlsplit(url)
    stem = PurePosixPath(parts.path).stem or (parts.hostname or "page").split(".")[0]
    return stem


def fetch_url(url: str, *, max_bytes: int, timeout: float, allow_private: bool = False) -> Fetched:
    """The body of `url` (after at most MAX_REDIRECTS checked redirects), at most `max_bytes`, within
    `timeout` seconds in all. Raises BadQuery, Forbidden, TooLarge or Unsupported with a reason."""
    deadline = time.monotonic() + timeout
    current = url
    with httpx.Client(follow_redirects=False, timeout=timeout, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, allow_private)
            try:
                with client.stream("GET", current, headers={"User-Agent": "eldercare-assistant"}) as response:
                    stream = response.extensions.get("network_stream")
                    peer = stream.get_extra_info("server_addr") if stream is not None else None
                    if not allow_private and peer and _refused(str(peer[0])):
                        raise Forbidden(f"connected to {peer[0]}, a private address: not fetched")
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise BadQuery(f"{current} redirects without saying where")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise BadQuery(f"{current} answered HTTP {response.status_code}")
                    suffix = _suffix(response.headers.get("content-type", ""), current)
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > max_bytes:
                        raise TooLarge(f"the page is over the {_size(max_bytes)} limit")
                    body = bytearray()
                    for piece in response.iter_bytes():
                        body.extend(piece)
                        if len(body) > max_bytes:
                            raise TooLarge(f"the page is over the {_size(max_bytes)} limit")
                        if time.monotonic() > deadline:
                            raise BadQuery(f"{current} took over {timeout:.0f} s to send")
                    return Fetched(str(response.url), suffix, _name(str(response.url)), bytes(body))
            except httpx.TimeoutException:
                raise BadQuery(f"{current} did not answer within {timeout:.0f} s") from None
            except httpx.HTTPError as error:
                raise BadQuery(f"cannot fetch {current}: {error}") from None
    raise BadQuery(f"{url} redirects more than {MAX_REDIRECTS} times")
