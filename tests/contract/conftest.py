"""Contract tests: the real agent CLIs, installed at pinned versions, against a fake API.

Every test module here sets ``pytestmark = pytest.mark.contract`` (``pytest -m "not
contract"`` leaves them out). The CLIs are installed once per machine into the cache
folder (``install.py``); a machine without npm or node skips the npm ones, saying so.
"""

from __future__ import annotations

import pytest

from tests.conftest import REAL_HOME
from tests.contract import install


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``contract`` marker."""
    config.addinivalue_line(
        "markers", "contract: runs a real agent CLI (installed into a cache) against a fake API"
    )


def pytest_collection_finish(session: pytest.Session) -> None:
    """Create the cache folder before any test runs, when contract tests were collected.

    The guard in tests/conftest.py fails a test during which the real HOME gains an
    entry; made here, on every worker before the first test, it never changes under one.
    """
    if any(item.get_closest_marker("contract") for item in session.items):
        install.cache_root(REAL_HOME).mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def clis() -> dict[str, install.Installed]:
    """Every pinned CLI, installed in parallel the first time a test needs one."""
    return install.install(install.cache_root(REAL_HOME), install.PINS)


def need(clis: dict[str, install.Installed], name: str) -> install.Installed:
    """The installed CLI, or skip (it cannot be installed here) or fail (its install did)."""
    found = clis[name]
    if found.missing:
        pytest.skip(f"contract test of {name} not run: {found.missing}")
    if found.failed:
        pytest.fail(f"installing {found.pin.package} {found.pin.version} failed: {found.failed}")
    return found
