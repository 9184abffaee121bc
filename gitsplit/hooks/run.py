"""Entry point of the installed hooks: ``main()`` with ``HOOK [ARGS...]`` (the installed script
calls it with ``python -c``, which imports less than ``-m``; ``python -m gitsplit.hooks.run
HOOK`` does the same).

Kept lean on purpose (no click, GitPython, Jinja2, ``subprocess`` or PyYAML unless a
record must really be parsed): it runs on every commit and every checkout.
"""

from __future__ import annotations

import os
import sys

from gitsplit.errors import GitsplitError
from gitsplit.util.text import escape

USAGE = "usage: python -m gitsplit.hooks.run {pre-commit|commit-msg|post-checkout} [ARGS...]"


def main(argv: list[str] | None = None) -> int:
    """Run one hook; its exit status is the hook's (0 lets git go on)."""
    args = sys.argv[1:] if argv is None else argv
    hook = args[0] if args else ""
    try:
        if hook == "pre-commit":
            from gitsplit.hooks import precommit

            return precommit.run(args[1:])
        if hook == "commit-msg":
            from gitsplit.hooks import commitmsg

            return commitmsg.run(args[1:])
        if hook == "post-checkout":
            try:
                return post_checkout(args[1:])
            except GitsplitError as exc:  # the checkout is done: a warning, not a failure
                sys.stderr.write(f"gitsplit: post-checkout: warning: {exc}\n")
                return 0
    except GitsplitError as exc:
        sys.stderr.write(escape(f"gitsplit: {hook}: {exc}") + "\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception:
        import traceback

        traceback.print_exc()
        sys.stderr.write(
            f"gitsplit: {hook}: this is a bug in gitsplit; please report it with "
            "the traceback above (`git commit --no-verify` skips the hooks)\n"
        )
        return 1
    sys.stderr.write(f"gitsplit: unknown hook {hook!r}\n{USAGE}\n")
    return 2


def post_checkout(args: list[str]) -> int:
    """After switching onto a work-order branch, say which work order it is and how to start."""
    if not args and "PRE_COMMIT_CHECKOUT_TYPE" in os.environ:  # run by the pre-commit framework
        args = [
            os.environ.get("PRE_COMMIT_FROM_REF", ""),
            os.environ.get("PRE_COMMIT_TO_REF", ""),
            os.environ["PRE_COMMIT_CHECKOUT_TYPE"],
        ]
    if len(args) >= 3 and args[2] != "1":
        return 0  # a file checkout, not a branch switch
    from gitsplit.hooks.context import HookRepo
    from gitsplit.ledger import branch_names

    with HookRepo() as repo:
        if repo.rebasing or not repo.branch:
            return 0
        settings = repo.settings()
        wo_id = branch_names.parse_wo_branch(settings, repo.branch)
        if wo_id is None:
            return 0
        wo = repo.work_order(wo_id, settings)
    if wo is None:
        sys.stderr.write(
            f"gitsplit: {repo.branch} is named like a run of {wo_id}, which does "
            "not exist: commits here will be refused (rename the branch with "
            "`git branch -m NEW-NAME`)\n"
        )
        return 0
    klass = f" ({wo.klass})" if wo.klass else ""
    run = f"{wo_id}-r{branch_names.attempt_of(repo.branch)}"
    given = f".workledger/runs/{wo_id}/{run}.briefing.md"
    if os.path.isfile(given):  # the working directory is the top of the worktree
        where = f"the briefing run {run} was given: {given} (`gitsplit brief --run {run}`)"
    else:
        where = f"its briefing: `gitsplit brief {wo_id}`"
    sys.stderr.write(f'gitsplit: on {wo_id}{klass} "{wo.title}"; {where}\n')
    return 0


if __name__ == "__main__":
    sys.exit(main())
