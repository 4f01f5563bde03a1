"""Test helpers: run the real CLI, start a real uvicorn server (and a real redis-server) on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `eldercare ARGS` as a user would, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "200", **(env or {})},
        stdin=subprocess.DEVNULL,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(base: str, process: subprocess.Popen, limit: float, output: Callable[[], str]) -> None:
    """Poll /healthz until the server answers; fail with its output if it exits or takes over `limit` s."""
    deadline = time.monotonic() + limit
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{output()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("server did not become healthy in time")
        time.sleep(0.2)


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Terminate a child process; kill it when it has not stopped within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)


@contextmanager
def running_server(
    *args: str, env: dict[str, str] | None = None, ready_timeout: float = 180
) -> Iterator[str]:
    """`eldercare serve` on a free 127.0.0.1 port; yields its base URL and stops it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process, ready_timeout, lambda: process.stdout.read() if process.stdout else "")
        yield base
    finally:
        stop(process)


@contextmanager
def running_redis(folder: Path, ready_timeout: float = 20) -> Iterator[str]:
    """Debian's `redis-server` on a free 127.0.0.1 port, without persistence, working in `folder`; yields
    its URL and stops it afterwards. Without redis-server: fails under CI (`make redis` installs it),
    skips otherwise."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed: run `make redis` (Debian's redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    log = folder / "redis.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [*command, "--dir", str(folder)], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    try:
        deadline = time.monotonic() + ready_timeout
        while not _redis_answers(port):
            if process.poll() is not None:
                raise RuntimeError(f"redis-server exited early:\n{log.read_text(errors='replace')}")
            if time.monotonic() > deadline:
                raise TimeoutError("redis-server did not answer PING in time")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(process, timeout=10)


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False
