"""The command line. ``main`` is the entry point; each module adds its commands to it when
it is imported, which the group does on demand (cardgen.cli.app.COMMANDS). ``run`` is the
installed ``cardgen`` command: ``main`` with a quick exit."""

from cardgen.cli.app import CliError, main

__all__ = ["CliError", "main", "run"]


def run() -> None:
    """Run the command line, then leave the process without tearing the interpreter down.

    A one-card build leaves some 10^5 objects behind (fonts' character maps, shaping and layout
    caches); freeing them one by one at exit takes about as long as laying the card out. By
    then every file has been written (atomically, and synced) and the command has reported, so
    the exit handlers are run, the standard streams flushed, and the process ends at once.
    Only the real entry point does this: ``main`` itself returns normally (tests, other code).
    """
    import atexit
    import os
    import sys

    try:
        main(prog_name="cardgen")
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): the message on stderr, status 1
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (cardgen list | head): as Python's own exit does
            code = code or 120
    os._exit(code)
