"""``python -m painpal``: the same as the ``painpal`` command."""

import sys

from painpal.cli import main

sys.exit(main())
