"""The layering of docs/ARCHITECTURE.md, enforced: no package imports one it must not."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gitsplit"

# what each package may import besides itself (stdlib and third-party are not checked here)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "util": {"errors"},
    "gitio": {"errors", "util"},
    "ledger": {"errors", "util", "gitio"},
    "claims": {"errors", "util", "gitio", "ledger"},
    "work": {"errors", "util", "gitio", "ledger", "claims"},
    "cost": {"errors", "util", "gitio", "ledger"},
    "briefing": {"errors", "util", "gitio", "ledger", "work"},
    "runs": {"errors", "util", "gitio", "ledger", "claims", "work", "cost", "briefing"},
    "review": {"errors", "util", "gitio", "ledger", "claims", "work", "runs"},
    "hooks": {"errors", "util", "gitio", "ledger", "__init__"},
    "exchange": {"errors", "util", "gitio", "ledger", "work", "cost", "briefing", "runs", "hooks"},
    "tour": {
        "errors",
        "util",
        "gitio",
        "ledger",
        "work",
        "cost",
        "briefing",
        "runs",
        "review",
        "tour_steps",
    },
    "tour_steps": set(),
}


def _layer(module: str) -> str:
    """The package (or top-level module) a dotted gitsplit module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imports_of(path: Path) -> set[str]:
    """Every gitsplit module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "gitsplit":
                found.update(f"gitsplit.{alias.name}" for alias in node.names)
            elif node.module.startswith("gitsplit."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("gitsplit."))
    return found


def violations() -> list[str]:
    """``file: imports module`` for each import the layering forbids."""
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        layer = relative.parts[0].removesuffix(".py")
        if layer in ("cli", "mcp_server", "__main__", "__init__"):
            continue
        allowed = ALLOWED[layer] | {layer}
        for module in sorted(imports_of(path)):
            if _layer(module) not in allowed and module != "gitsplit.__version__":
                bad.append(f"gitsplit/{relative}: imports {module}")
    return bad


def test_no_package_imports_one_it_must_not() -> None:
    assert violations() == []


def test_every_package_is_in_the_rules() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"}
    assert packages | modules <= set(ALLOWED) | {"cli", "mcp_server"}


def test_briefing_and_review_never_import_each_other() -> None:
    for one, other in (("briefing", "review"), ("review", "briefing")):
        for path in (PACKAGE / one).rglob("*.py"):
            assert not any(_layer(m) == other for m in imports_of(path)), path


@pytest.mark.parametrize(
    "package", sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
)
def test_every_package_says_what_it_owns_and_must_not_import(package: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text("utf-8")))
    assert doc, f"gitsplit/{package}/__init__.py has no docstring"
    assert "may import" in " ".join(doc.lower().split()), (
        f"gitsplit/{package}: say what it may import"
    )


def test_the_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    """The checker can fail: an upward import in a file is found."""
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from gitsplit.review import core\n", encoding="utf-8")
    assert imports_of(sample) == {"gitsplit.review"}
    assert _layer("gitsplit.review") not in ALLOWED["ledger"]


def test_no_module_is_over_300_lines() -> None:
    long = [
        f"{p.relative_to(PACKAGE)}: {n}"
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 320
    ]
    assert long == []


def test_only_the_cli_imports_the_mcp_server() -> None:
    """``mcp_server`` is a top layer beside ``cli``: no other package reaches into it."""
    for path in PACKAGE.rglob("*.py"):
        layer = path.relative_to(PACKAGE).parts[0]
        if layer not in ("cli", "mcp_server"):
            assert not any(_layer(m) == "mcp_server" for m in imports_of(path)), path
