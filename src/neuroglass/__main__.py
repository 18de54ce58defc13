"""``python -m neuroglass`` is the ``neuroglass`` command."""

from .cli import main

raise SystemExit(main())
