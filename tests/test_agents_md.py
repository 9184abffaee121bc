"""`gitsplit init` keeps a short marked block in AGENTS.md without touching anything else."""

from __future__ import annotations

from gitsplit.ledger.agents_md import BEGIN, END
from tests.conftest import Repo


def test_init_creates_agents_md_with_the_return_protocol(bare_repo: Repo) -> None:
    proc = bare_repo.run("init")
    assert proc.returncode == 0, proc.stderr
    assert "created AGENTS.md" in proc.stdout
    text = bare_repo.read("AGENTS.md")
    assert text.startswith(BEGIN + "\n") and text.endswith(END + "\n")
    for words in (
        "gitsplit brief WO-<n>",
        "`Work-Order: WO-<n>` trailer",
        "gitsplit note",
        "gitsplit finish",
        "wo/WO-<n>-…",
        "do not retry",
    ):
        assert words in text
    assert len(text.splitlines()) < 20  # short


def test_existing_content_is_kept_and_the_block_appended(bare_repo: Repo) -> None:
    mine = "# Agents\n\nUse tabs. Run `make lint`.\n"
    bare_repo.write("AGENTS.md", mine)
    out = bare_repo.ok("init")
    assert "added gitsplit's section in AGENTS.md" in out
    text = bare_repo.read("AGENTS.md")
    assert text.startswith(mine + "\n" + BEGIN)
    assert bare_repo.ok("init", "--no-hooks").endswith("nothing to do\n")  # second run
    assert bare_repo.read("AGENTS.md") == text


def test_block_is_updated_in_place(bare_repo: Repo) -> None:
    before, after = "# Top\nkeep me\n\n", "\n## Bottom\nkeep me too\n"
    bare_repo.write("AGENTS.md", f"{before}{BEGIN}\nstale words\n{END}\n{after}")
    out = bare_repo.ok("init")
    assert "updated gitsplit's section in AGENTS.md" in out
    text = bare_repo.read("AGENTS.md")
    assert text.startswith(before + BEGIN + "\n") and text.endswith(END + "\n" + after)
    assert "stale words" not in text and "gitsplit finish" in text
    assert text.count(BEGIN) == 1


def test_pattern_from_config_and_crlf_kept(bare_repo: Repo) -> None:
    bare_repo.ok("init", "--no-agents-md")
    assert not (bare_repo.root / "AGENTS.md").exists()
    config = bare_repo.root / ".workledger/config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'branch_pattern: "wo/{id}-{slug}"', 'branch_pattern: "work/{id}"'
        ),
        encoding="utf-8",
    )
    (bare_repo.root / "AGENTS.md").write_bytes(b"# Windows file\r\nline\r\n")
    bare_repo.ok("init")
    data = (bare_repo.root / "AGENTS.md").read_bytes()
    assert data.startswith(b"# Windows file\r\nline\r\n\r\n<!-- gitsplit:begin")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"work/WO-<n>" in data


def test_unbalanced_markers_are_refused_and_the_file_untouched(bare_repo: Repo) -> None:
    broken = f"# Mine\n{BEGIN}\nno end marker\n"
    bare_repo.write("AGENTS.md", broken)
    result = bare_repo.cli("init")
    assert result.exit_code == 1
    assert "AGENTS.md:2: gitsplit's block markers are unbalanced" in result.output
    assert bare_repo.read("AGENTS.md") == broken
