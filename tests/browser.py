"""Helpers for the browser tests and the web benchmarks: the web server in a subprocess and a
headless Chromium driven by selenium.

    with serve(db_path) as server:          # python -m tabayyun.web on a free 127.0.0.1 port
        driver = start_chrome()
        driver.get(server.url + "/timeline")
        ...
        driver.quit()
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
)


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"{path} is not installed (`make browser` installs Debian's chromium and chromium-driver)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running ``python -m tabayyun.web``; ``url`` has no trailing slash."""

    def __init__(self, process: subprocess.Popen[str], url: str, log: Path) -> None:
        self.process = process
        self.url = url
        self.log = log
        self.stdout: list[str] = []

    def log_text(self) -> str:
        return "".join(self.stdout) + self.log.read_text(encoding="utf-8", errors="replace")


def _wait_for_banner(process: subprocess.Popen[str], lines: list[str], timeout: float) -> str | None:
    """Read stdout until the ``Serving http://...`` line; the rest of stdout is drained by a thread."""
    found: list[str] = []
    ready = threading.Event()

    def drain() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if not found and line.startswith("Serving http://"):
                found.append(line.split()[1].rstrip("/"))
                ready.set()
        ready.set()  # stdout closed: the server ended

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not ready.wait(0.05):
        if time.monotonic() > deadline:
            break
    return found[0] if found else None


@contextmanager
def serve(db: Path, *, port: int | None = None, stop_after: float = 600, timeout: float = 60,
          python: str = sys.executable, cache: bool = True) -> Iterator[Server]:
    """Start the server on ``db``, wait until it accepts connections, stop it afterwards
    (``cache=False``: every answer computed from the store)."""
    port = port or free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="tabayyun-serve-"))
    log = log_dir / "stderr.log"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with open(log, "w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [python, "-m", "tabayyun.web", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
             "--stop-after", str(stop_after), *([] if cache else ["--no-cache"])],
            stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=ROOT, env=env,
        )
    lines: list[str] = []
    try:
        url = _wait_for_banner(process, lines, timeout)
        if url is None:
            ended = process.poll() is not None
            process.kill()
            process.wait(10)
            why = f"exited with code {process.returncode}" if ended else f"was not ready within {timeout:.0f} s"
            raise RuntimeError(
                f"the server {why} before printing 'Serving http://...':\n"
                f"{''.join(lines)}{log.read_text(errors='replace')}"
            )
        server = Server(process, url, log)
        server.stdout = lines
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        shutil.rmtree(log_dir, ignore_errors=True)


def start_chrome():
    """A headless Chromium that keeps the browser console log (read with ``driver.get_log``)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def severe_console_errors(driver) -> list[str]:
    """SEVERE console entries since the last call (reading the log empties it)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def foreign_requests(driver) -> list[str]:
    """URLs the page loaded (documents, scripts, styles, images, fetches) from a host other than
    127.0.0.1; data: and blob: URLs stay in the page and are not requests."""
    urls = driver.execute_script(
        "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name));"
    )
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.hostname != "127.0.0.1":
            foreign.append(url)
    return foreign


def screenshot(driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
