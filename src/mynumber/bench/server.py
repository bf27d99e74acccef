"""The server under measurement: `mynumber serve` in its own processes on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

__all__ = ["running_server"]


@contextmanager
def running_server(data_dir: Path, url: str, *, workers: int = 1) -> Iterator[tuple[str, int]]:
    """Run `mynumber serve --workers W` on a free loopback port; yield its base URL and pid."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    env = dict(os.environ, MYNUMBER_DATA_DIR=str(data_dir), MYNUMBER_DATABASE_URL=url)
    command = [sys.executable, "-m", "mynumber", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    log = data_dir / "server.log"  # the server's own messages, kept out of the figures
    with log.open("ab") as sink:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process, log)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start; see {log}")
        time.sleep(0.2)
