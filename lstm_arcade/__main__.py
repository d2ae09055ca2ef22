"""`python -m lstm_arcade`: the same as the `lstm-arcade` command."""

import sys

from .cli import main

sys.exit(main())
