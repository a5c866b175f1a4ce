"""Headless Chromium for the page tests, the view benchmark and the README screenshots (through Playwright,
driving the system's Chromium: Playwright's own browser download is not needed)."""

from __future__ import annotations

import shutil
from pathlib import Path

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """The Chromium executable, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def unavailable() -> str | None:
    """Why the browser tests cannot run here (None: they can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if chromium_path() is None:
        return "chromium is not installed (CI installs it with apt)"
    return None


def launch(playwright):  # type: ignore[no-untyped-def]
    """A headless Chromium with a fresh profile (Playwright makes one per launch) and no network chatter."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=ARGS)
