"""Run gitsplit as ``python -m gitsplit``."""

from gitsplit.cli.main import main

if __name__ == "__main__":
    main()
