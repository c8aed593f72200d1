import sys

from gofixleak.cli.main import main

sys.exit(main())
