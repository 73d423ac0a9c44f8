"""``python -m efficap``: the ``efficap`` command (:func:`efficap.cli.main`)."""

from efficap.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
