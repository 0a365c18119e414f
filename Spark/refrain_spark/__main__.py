"""Entry point for `python -m refrain_spark` and `spark-submit .../refrain_spark/__main__.py`."""

import os
import sys

if __package__ in (None, ""):
    # Run as a script by spark-submit: make the package importable.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from refrain_spark.cli import main
else:
    from .cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
