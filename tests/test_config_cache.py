"""config_cache: the config's YAML kept parsed in the git dir, never trusted for other text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gitsplit.errors import ConfigError
from gitsplit.ledger import config, config_cache, flat_yaml, yamlio
from tests.conftest import Repo

KEPT = ".git/gitsplit/" + config_cache.FILE_NAME


def test_the_parsed_config_is_kept_and_read_back(repo: Repo) -> None:
    first = config.load(repo.root)
    assert (repo.root / KEPT).is_file()
    text = repo.read(config.CONFIG_PATH)
    assert config_cache.parsed(text, repo.root) == yamlio.load(text)
    assert config.load(repo.root) == first


def test_a_changed_config_is_parsed_again(repo: Repo) -> None:
    config.load(repo.root)
    text = repo.read(config.CONFIG_PATH).replace("default_branch: main", "default_branch: trunk")
    repo.write(config.CONFIG_PATH, text)
    assert config.load(repo.root).default_branch == "trunk"
    repo.write(config.CONFIG_PATH, text + "briefing: [unclosed\n")
    with pytest.raises(ConfigError, match="malformed YAML"):
        config.load(repo.root)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"garbage",
        b"gitsplit-config\x00\x02",  # the magic, then nothing
        b"gitsplit-config\x00\x02\xff\xff\xff",
    ],
)
def test_a_damaged_file_is_a_miss(repo: Repo, damage: bytes) -> None:
    expected = config.load(repo.root)
    (repo.root / KEPT).write_bytes(damage)
    assert config.load(repo.root) == expected
    assert (repo.root / KEPT).read_bytes() != damage  # replaced by a good one


def test_data_kept_for_other_text_is_never_served(repo: Repo) -> None:
    import marshal

    from gitsplit.util import cache_file

    text = repo.read(config.CONFIG_PATH)
    path, magic = str(repo.root / KEPT), config_cache._MAGIC
    lying = marshal.dumps({"default_branch": "elsewhere"})
    cache_file.write(path, magic, (text + "# other\n").encode(), lying)
    assert config.load(repo.root).default_branch == "main"
    cache_file.write(path, magic, text.encode(), lying)  # the guard is the text: it is served
    assert config.load(repo.root).default_branch == "elsewhere"
    cache_file.write(path, magic, text.encode(), marshal.dumps(["x"]))
    assert config.load(repo.root).default_branch == "main"  # not a mapping: a miss


def test_off_with_the_other_caches(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo.root / KEPT).unlink()  # kept by `init`
    monkeypatch.setenv("GITSPLIT_NO_INDEX", "1")
    config.load(repo.root)
    assert not (repo.root / KEPT).exists()


def test_a_kept_config_and_a_usual_record_load_no_pyyaml(repo: Repo) -> None:
    repo.ok("wo", "new", "A usual work order")
    config.load(repo.root)  # kept
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from gitsplit.ledger import config\n"
        "from gitsplit.ledger.fileformat import Document\n"
        "root = Path(sys.argv[1])\n"
        "config.load(root)\n"
        "Document.parse((root / '.workledger/workorders/WO-1.md').read_bytes(), path='x')\n"
        "print(sorted(m for m in sys.modules if m == 'yaml' or m.startswith('yaml.')))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe, str(repo.root)], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]", found.stderr


def test_the_plain_value_types_are_the_ledger_loaders() -> None:
    # flat_yaml keeps a copy of the loader's implicit types so that it need not import PyYAML
    def table(resolvers: dict[str, list[tuple[str, object]]]) -> dict[str, list[object]]:
        return {
            first: [(tag, pattern.pattern, pattern.flags) for tag, pattern in entries]  # type: ignore[attr-defined]
            for first, entries in resolvers.items()
        }

    mine = table({k: list(v) for k, v in flat_yaml.IMPLICIT.items()})
    assert mine == table(yamlio.LedgerLoader.yaml_implicit_resolvers)
    assert not getattr(yamlio.LedgerLoader, "yaml_path_resolvers", None)


def test_the_kept_file_is_written_whole(repo: Repo, tmp_path: Path) -> None:
    config.load(repo.root)
    leftovers = [p.name for p in (repo.root / ".git/gitsplit").iterdir() if ".tmp" in p.name]
    assert leftovers == []
