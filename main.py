"""年报助手 entry point: subcommands run the Qt-free command line, anything else opens the window."""

from __future__ import annotations

import sys

SUBCOMMANDS = {"new", "check", "render", "import", "summary", "package", "-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in SUBCOMMANDS:
        from forms.cli import main as cli_main

        return cli_main(args)
    from ui.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
