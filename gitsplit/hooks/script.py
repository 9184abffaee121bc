"""The hook script gitsplit installs: a small POSIX shell script with an ownership marker.

It records the Python that installed it (and where that Python finds gitsplit and PyYAML)
and falls back to ``gitsplit`` on PATH when that Python is gone. A hook that was there
before is kept as ``<hook>.legacy`` and runs first; if it fails, the script stops with its
exit status, as git would have without gitsplit. Then gitsplit checks what that hook left
staged, so it sees exactly what will be committed.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from gitsplit import __version__

MARKER = "gitsplit-hook-id: 3f6c1d8a52e04b97"
LEGACY_SUFFIX = ".legacy"

TEMPLATE = """\
#!/bin/sh
# gitsplit {version} {hook} hook ({marker})
# Installed by `gitsplit hooks install`; `gitsplit hooks uninstall` removes it and puts back
# the hook that was here before, kept meanwhile as {hook}.legacy (it runs first).
HOOK={hook}
INSTALL_PYTHON={python}
GITSPLIT_PACKAGE={package}
IMPORT_PATH={import_path}

case $0 in */*) HERE=${{0%/*}} ;; *) HERE=. ;; esac
case $0 in
*.legacy) ;;  # chained under another tool's hook, which runs the rest of its chain itself
*)
    if [ -x "$0.legacy" ]; then
        "$0.legacy" "$@" || exit $?
    elif [ -e "$0.legacy" ]; then
        echo "gitsplit: $0.legacy is not executable, so it does not run (as git would skip it)" >&2
    fi
    HANDOFF="$HERE/.gitsplit-commit-msg.$PPID"
    if [ "$HOOK" = commit-msg ] && [ -f "$HANDOFF" ]; then
        # Trailers worked out by this commit's pre-commit hook: no Python needed here.
        MSG=$1
        set --
        while IFS= read -r line; do set -- "$@" --trailer "$line"; done < "$HANDOFF"
        rm -f "$HANDOFF"
        [ $# -gt 0 ] || exit 0
        want=no  # an empty message, or a fixup!/squash!/amend! one, is left alone
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in
            "# ------------------------ >8 ------------------------") break ;;
            "#"*) ;;
            *[![:space:]]*)
                case $line in "fixup! "*|"squash! "*|"amend! "*) ;; *) want=yes ;; esac
                break ;;
            esac
        done < "$MSG"
        [ "$want" = yes ] || exit 0
        git interpret-trailers --in-place --if-exists doNothing "$@" "$MSG" || exit $?
        OURS=
        for word in "$@"; do
            case $word in "Work-Order: "*) OURS=${{word#Work-Order: }} ;; esac
        done
        [ -n "$OURS" ] || exit 0
        # Another work order's trailer is kept as written (doNothing); say so. Only a
        # message with such a line pays for the second git call.
        other=no
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in
            "# ------------------------ >8 ------------------------") break ;;
            "Work-Order: $OURS") ;;
            [Ww][Oo][Rr][Kk]-[Oo][Rr][Dd][Ee][Rr]:*) other=yes; break ;;
            esac
        done < "$MSG"
        [ "$other" = yes ] || exit 0
        git interpret-trailers --parse "$MSG" | while IFS= read -r line; do
            case $line in
            [Ww][Oo][Rr][Kk]-[Oo][Rr][Dd][Ee][Rr]:*)
                value=${{line#*:}}
                value=${{value#"${{value%%[![:space:]]*}}"}}
                [ "$value" = "$OURS" ] || echo "gitsplit: commit-msg: warning: this commit" \
                    "names Work-Order: $value, but its branch is $OURS's; kept as written" \
                    "(gitsplit review will report it)" >&2 ;;
            esac
        done
        exit 0
    fi
    GITSPLIT_HOOK_DIR=$HERE
    export GITSPLIT_HOOK_DIR
    ;;
esac
if [ -x "$INSTALL_PYTHON" ] && [ -f "$GITSPLIT_PACKAGE/hooks/run.py" ]; then
    PYTHONPATH="$IMPORT_PATH${{PYTHONPATH:+{sep}$PYTHONPATH}}"
    export PYTHONPATH
    # -c, not -m: runpy's imports were a fifth of the hook's own time
    exec "$INSTALL_PYTHON" -S -P \\
        -c 'import sys; from gitsplit.hooks.run import main; sys.exit(main())' "$HOOK" "$@"
fi
if command -v gitsplit >/dev/null 2>&1; then
    exec gitsplit hooks run "$HOOK" "$@"
fi
echo "gitsplit: the $HOOK hook cannot run: $INSTALL_PYTHON (the Python that installed it)" \\
     "is gone and there is no \\`gitsplit\\` on PATH." >&2
echo "gitsplit: install gitsplit again and run \\`gitsplit hooks install\\`;" \\
     "\\`git commit --no-verify\\` commits once without the hooks." >&2
exit 1
"""


def render(hook: str) -> str:
    """The script for one hook, recording this Python and where it imports gitsplit from."""
    import yaml

    import gitsplit

    package = Path(gitsplit.__file__).parent
    roots = dict.fromkeys([str(package.parent), str(Path(yaml.__file__).parent.parent)])
    return TEMPLATE.format(
        version=__version__,
        hook=hook,
        marker=MARKER,
        python=shlex.quote(sys.executable),
        package=shlex.quote(str(package)),
        import_path=shlex.quote(os.pathsep.join(roots)),
        sep=os.pathsep,
    )


def is_ours(path: Path) -> bool:
    """True when the file at ``path`` is a hook script gitsplit wrote."""
    try:
        with open(path, "rb") as handle:
            return MARKER.encode() in handle.read(4096)
    except OSError:
        return False


def is_pre_commit_framework(path: Path) -> bool:
    """True for the pre-commit framework's hook script (it runs ``<hook>.legacy`` itself)."""
    try:
        with open(path, "rb") as handle:
            return b"File generated by pre-commit" in handle.read(4096)
    except OSError:
        return False


def recorded_python(path: Path) -> str | None:
    """The interpreter an installed gitsplit hook script records."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("INSTALL_PYTHON="):
            words = shlex.split(line[len("INSTALL_PYTHON=") :])
            return words[0] if words else None
    return None
