import sys

from cspe_tui.cli import main

sys.exit(main())
