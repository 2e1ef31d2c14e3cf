"""`python -m tracker` runs the command line, exactly like the `sleep-tracker` script."""

import sys

from tracker.cli.main import main

sys.exit(main())
