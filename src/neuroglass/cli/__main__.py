"""``python -m neuroglass.cli`` is the ``neuroglass`` command (as is
``python -m neuroglass``)."""

from . import main

raise SystemExit(main())
