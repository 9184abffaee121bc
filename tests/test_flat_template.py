"""Flat record templates are filled in without Jinja2, exactly as Jinja2 renders them (D-81)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gitsplit.ledger import flat_template, templates
from gitsplit.ledger.templates import Renderer, TemplateError
from tests.conftest import Repo

OVERRIDES = ".workledger/templates"
RECORD_TEMPLATES = {
    "workorder.md.j2": ("id", "problem", "title"),
    "decision.md.j2": ("context", "title"),
    "invariant.md.j2": ("body", "title"),
    "checkpoint.md.j2": (),
}
# Values with what a template engine might act on: braces, percent signs, quotes, newlines.
values = st.text(alphabet=st.sampled_from("ab {}%#'\"\n\\é-<>!"), max_size=12)


def cache_file(repo: Repo) -> Path:
    """Where the parts of flat templates are kept."""
    return repo.root / ".git" / "gitsplit" / flat_template.FILE_NAME


def by_jinja(root: Path, name: str, context: dict[str, Any]) -> str:
    """The render of Jinja2 itself, never the kept parts."""
    return Renderer(root).render(name, context)


def test_the_record_templates_are_flat(repo: Repo) -> None:
    for name in RECORD_TEMPLATES:
        source = (templates.packaged_dir() / name).read_text(encoding="utf-8")
        assert flat_template.flatten(Renderer(None).parse(source)) is not None, name


@settings(max_examples=200, deadline=None)
@given(chosen=st.lists(values, min_size=3, max_size=3))
def test_a_kept_record_template_fills_in_as_jinja_renders(
    tmp_path_factory: Any, chosen: Any
) -> None:
    source_dir = templates.packaged_dir()
    for name, names in RECORD_TEMPLATES.items():
        context = dict(zip(names, chosen, strict=False))
        parts = flat_template.flatten(Renderer(None).parse((source_dir / name).read_text()))
        assert parts is not None
        assert flat_template.fill(parts, context) == by_jinja(
            tmp_path_factory.getbasetemp(), name, context
        )


def test_the_second_render_comes_from_the_kept_parts(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = {"id": "WO-7", "problem": "", "title": "x"}
    first = templates.render(repo.root, "workorder.md.j2", context)
    assert cache_file(repo).is_file()
    with monkeypatch.context() as patch:
        patch.setattr(Renderer, "render", lambda *_a: pytest.fail("Jinja2 rendered it again"))
        assert templates.render(repo.root, "workorder.md.j2", context) == first
        other = {"id": "WO-8", "problem": "It breaks.", "title": "y"}
        kept = templates.render(repo.root, "workorder.md.j2", other)
    assert kept == by_jinja(repo.root, "workorder.md.j2", other)
    assert "It breaks." in kept and "Work-Order: WO-8" in kept


def test_wo_new_run_again_imports_neither_jinja2_nor_pyyaml(repo: Repo) -> None:
    repo.ok("wo", "new", "First one")  # renders with Jinja2 and keeps the parts
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['gitsplit', 'wo', 'new', 'Second one']\n"
        "try:\n    runpy.run_module('gitsplit', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'yaml')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=repo.root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
    first, second = (repo.read(f".workledger/workorders/WO-{n}.md") for n in (1, 2))
    assert second.split("---\n", 2)[2] == first.split("---\n", 2)[2].replace("WO-1", "WO-2")


def test_an_edited_override_is_rendered_by_jinja_and_kept_anew(repo: Repo) -> None:
    context = {"id": "WO-1", "problem": "", "title": "x"}
    templates.render(repo.root, "workorder.md.j2", context)
    repo.write(f"{OVERRIDES}/workorder.md.j2", "## Problem\n\n{{ problem or 'none' }} {{ id }}\n")
    # `or` is not flat: Jinja2 renders it, every time, and it is not kept
    for _ in range(2):
        assert (
            templates.render(repo.root, "workorder.md.j2", context) == "## Problem\n\nnone WO-1\n"
        )
    repo.write(f"{OVERRIDES}/workorder.md.j2", "{#- a note -#}\nTask {{ id }} ({{ title }})\n")
    for _ in range(2):
        assert templates.render(repo.root, "workorder.md.j2", context) == "Task WO-1 (x)\n"


@pytest.mark.parametrize(
    "source",
    [
        "{{ id | upper }}\n",
        "{% if id %}{{ id }}{% endif %}\n",
        "{% for c in id %}{{ c }}{% endfor %}\n",
        "{{ id.title }}\n",
        "{{ id ~ title }}\n",
        "{{ 'x' * 3 }}\n",
        "{{ self }}\n",
        "{{ id if title }}\n",
        "{% set id = 'y' %}{{ id }}\n",
    ],
)
def test_a_template_that_is_not_flat_is_never_kept(repo: Repo, source: str) -> None:
    repo.write(f"{OVERRIDES}/workorder.md.j2", source)
    context = {"id": "WO-1", "problem": "", "title": "t"}
    outcomes = []
    for _ in range(2):
        try:
            outcomes.append(templates.render(repo.root, "workorder.md.j2", context))
        except TemplateError as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1] == by_jinja(repo.root, "workorder.md.j2", context)
    assert flat_template.render(repo.root, "workorder.md.j2", source, context) is None


def test_a_missing_value_is_named_by_jinja_every_time(repo: Repo) -> None:
    repo.write(f"{OVERRIDES}/workorder.md.j2", "{{ id }} {{ owner }}\n")
    templates.render(repo.root, "workorder.md.j2", {"id": "WO-1", "owner": "me"})  # kept
    for _ in range(2):
        with pytest.raises(TemplateError, match="owner"):
            templates.render(repo.root, "workorder.md.j2", {"id": "WO-1"})


def test_a_value_that_is_not_text_goes_to_jinja(repo: Repo) -> None:
    repo.write(f"{OVERRIDES}/workorder.md.j2", "n={{ id }}\n")
    templates.render(repo.root, "workorder.md.j2", {"id": "WO-1"})
    assert templates.render(repo.root, "workorder.md.j2", {"id": 12}) == "n=12\n"  # type: ignore[dict-item]


def test_a_symlinked_override_is_refused_every_time(repo: Repo) -> None:
    target = repo.write("elsewhere.j2", "{{ id }}\n")
    (repo.root / OVERRIDES).mkdir(parents=True, exist_ok=True)
    (repo.root / OVERRIDES / "workorder.md.j2").symlink_to(target)
    for _ in range(2):
        with pytest.raises(TemplateError, match=r"symbolic link|symlink"):
            templates.render(repo.root, "workorder.md.j2", {"id": "WO-1"})


@pytest.mark.parametrize("damage", [b"", b"garbage", None])
def test_a_damaged_or_foreign_cache_is_ignored(repo: Repo, damage: bytes | None) -> None:
    context = {"id": "WO-1", "problem": "", "title": "x"}
    expected = by_jinja(repo.root, "workorder.md.j2", context)
    templates.render(repo.root, "workorder.md.j2", context)
    data = cache_file(repo).read_bytes()
    # None: the right magic and key, then data that is not marshal's
    cache_file(repo).write_bytes(damage if damage is not None else data[: len(data) // 2 + 40])
    assert templates.render(repo.root, "workorder.md.j2", context) == expected
    assert templates.render(repo.root, "workorder.md.j2", context) == expected


def test_kept_parts_of_the_wrong_shape_are_not_used(repo: Repo) -> None:
    # whoever can write the git dir could put anything marshal reads there
    for parts in [(("text", 1),), (("name",),), (("if", ("name", "id")),), ("x",), ((),)]:
        assert flat_template.fill(parts, {"id": "WO-1"}) is None  # type: ignore[arg-type]


def test_off_with_the_other_caches(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_file(repo).unlink(missing_ok=True)  # `init` rendered a template
    monkeypatch.setenv("GITSPLIT_NO_INDEX", "1")
    templates.render(repo.root, "workorder.md.j2", {"id": "WO-1", "problem": "", "title": "x"})
    assert not cache_file(repo).exists()


def test_only_the_newest_templates_are_kept(repo: Repo) -> None:
    for n in range(flat_template.MAX_KEPT + 5):
        repo.write(f"{OVERRIDES}/workorder.md.j2", f"{n}: {{{{ id }}}}\n")
        templates.render(repo.root, "workorder.md.j2", {"id": "WO-1"})
    key = flat_template._code_key()
    assert key is not None
    kept = flat_template._kept(repo.root, key)
    assert len(kept) == flat_template.MAX_KEPT
    assert ("workorder.md.j2", f"{flat_template.MAX_KEPT + 4}: {{{{ id }}}}\n") in kept
