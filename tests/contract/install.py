"""The real agent CLIs at pinned versions, installed once per machine into a cache folder.

Each tool goes to ``<cache>/<name>-<version>`` (npm packages with ``npm install
--prefix``, aider into its own virtual environment), outside the repository and outside
HOME's dot-files: the cache is ``$GITSPLIT_CONTRACT_CACHE``, else
``~/.cache/gitsplit-contract``. A folder is used only once a ``.installed`` marker says its
install finished; a lock per tool keeps two test workers from installing it twice; the
tools missing are installed in parallel. npm and pip keep their own caches in the same
folder and run with HOME pointed there, so nothing is written into your HOME.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

INSTALL_TIMEOUT = 900  # seconds one tool's install may take


@dataclass(frozen=True)
class Pin:
    """One CLI at one version, from npm or from PyPI."""

    name: str  # the profile it serves
    registry: str  # "npm" or "pypi"
    package: str
    version: str
    program: str  # the command it installs

    @property
    def folder_name(self) -> str:
        """``claude-code-2.1.332``: the package's last name and the version."""
        return f"{self.package.rsplit('/', 1)[-1]}-{self.version}"


# Refresh: `npm view PACKAGE version`, `pip index versions aider-chat`; change the version
# here and run the contract tests (CONTRIBUTING.md, "Contract tests of real agents").
PINS: dict[str, Pin] = {
    pin.name: pin
    for pin in (
        Pin("claude", "npm", "@anthropic-ai/claude-code", "2.1.332", "claude"),
        Pin("codex", "npm", "@openai/codex", "0.171.0", "codex"),
        Pin("gemini", "npm", "@google/gemini-cli", "0.61.0", "gemini"),
        Pin("opencode", "npm", "opencode-ai", "1.18.33", "opencode"),
        Pin("aider", "pypi", "aider-chat", "0.86.2", "aider"),
    )
}


def cache_root(home: Path) -> Path:
    """Where the CLIs are kept between runs on this machine (``home``: the real HOME)."""
    chosen = os.environ.get("GITSPLIT_CONTRACT_CACHE")
    if chosen:
        return Path(chosen).expanduser()
    return home / ".cache" / "gitsplit-contract"


@dataclass(frozen=True)
class Installed:
    """Where a pinned CLI is, or why it is not there."""

    pin: Pin
    bin_dir: Path | None = None
    missing: str = ""  # why it cannot be installed here (then the tests skip)
    failed: str = ""  # why its install failed (then the tests fail)

    @property
    def program(self) -> Path:
        """The CLI's executable."""
        assert self.bin_dir is not None
        return self.bin_dir / self.pin.program


def bin_dir(root: Path, pin: Pin) -> Path:
    """The folder holding a pin's program once it is installed."""
    folder = root / pin.folder_name
    return folder / "node_modules" / ".bin" if pin.registry == "npm" else folder / "bin"


def why_missing(pin: Pin) -> str:
    """Why this machine cannot install the pin (no npm or node, no venv), or ''."""
    if pin.registry == "npm":
        for tool in ("npm", "node"):
            if shutil.which(tool) is None:
                return f"{tool} is not installed, so {pin.package} cannot be installed"
        return ""
    if sys.version_info >= (3, 13):
        return f"{pin.package} {pin.version} needs Python < 3.13 (this is {sys.version.split()[0]})"
    return ""


def install(root: Path, names: Iterable[str]) -> dict[str, Installed]:
    """Make sure each named pin is installed (in parallel); say where, or why not."""
    root.mkdir(parents=True, exist_ok=True)
    pins = [PINS[name] for name in names]
    with ThreadPoolExecutor(max_workers=max(1, len(pins))) as pool:
        done = list(pool.map(lambda pin: _ensure(root, pin), pins))
    return {item.pin.name: item for item in done}


def _ensure(root: Path, pin: Pin) -> Installed:
    """One pin, installed unless its marker says it already is."""
    missing = why_missing(pin)
    if missing:
        return Installed(pin, missing=missing)
    folder = root / pin.folder_name
    with (root / f".lock-{pin.folder_name}").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".installed").is_file():
            failed = _install(root, pin, folder)
            if failed:
                return Installed(pin, failed=failed)
    found = bin_dir(root, pin)
    if not (found / pin.program).exists():
        return Installed(pin, failed=f"{pin.package} installed no {pin.program} in {found}")
    return Installed(pin, bin_dir=found)


def _install(root: Path, pin: Pin, folder: Path) -> str:
    """Install one pin into ``folder`` afresh; '' on success, else what went wrong."""
    shutil.rmtree(folder, ignore_errors=True)
    home = root / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "npm_config_cache": str(root / "npm-cache"),
        "npm_config_update_notifier": "false",
        "PIP_CACHE_DIR": str(root / "pip-cache"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    if pin.registry == "npm":
        steps = [
            [
                "npm",
                "install",
                "--prefix",
                str(folder),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"{pin.package}@{pin.version}",
            ]
        ]
    else:
        python = sys.executable
        steps = [
            [python, "-m", "venv", str(folder)],
            [str(folder / "bin" / "python"), "-m", "pip", "install", "-q", pin_spec(pin)],
        ]
    for argv in steps:
        try:
            proc = subprocess.run(
                argv, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            return f"`{' '.join(argv)}` took more than {INSTALL_TIMEOUT}s"
        if proc.returncode != 0:
            tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
            return f"`{' '.join(argv)}` exited {proc.returncode}:\n" + "\n".join(tail)
    (folder / ".installed").write_text(f"{pin.package}=={pin.version}\n", encoding="utf-8")
    return ""


def pin_spec(pin: Pin) -> str:
    """``aider-chat==0.86.2``."""
    return f"{pin.package}=={pin.version}"
