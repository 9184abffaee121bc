"""gitio.tree_blobs: every blob of a real commit's tree, as ls_tree sees it, in plain strings."""

from __future__ import annotations

import os

from gitsplit import gitio
from tests.conftest import Repo


def test_tree_blobs_agrees_with_ls_tree_on_odd_names_links_and_gitlinks(repo: Repo) -> None:
    repo.write("a/b/deep file.txt", "x\n")
    repo.write("tab\there.md", "t\n")
    repo.write("new\nline.md", "n\n")
    repo.write("ünï.md", "u\n")
    os.symlink("a/b/deep file.txt", repo.root / "link")
    sub = "1" * 40  # a gitlink (a submodule's commit) is no blob
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{sub},vendored")
    repo.commit_all("odd names")

    blobs, links = gitio.tree_blobs(repo.root, "HEAD")

    entries = gitio.ls_tree(repo.root, "HEAD", recursive=True)
    assert blobs == {e.path: e.sha for e in entries if e.type == "blob"}
    assert links == {"link"}
    assert "vendored" not in blobs
    assert {"a/b/deep file.txt", "tab\there.md", "new\nline.md", "ünï.md"} <= set(blobs)
    assert gitio.tree_blobs(repo.root, "HEAD", "a/") == (
        {"a/b/deep file.txt": blobs["a/b/deep file.txt"]},
        set(),
    )
