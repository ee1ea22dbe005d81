"""`python -m paper2code` runs the command line."""

import sys

from paper2code.cli import main

sys.exit(main())
