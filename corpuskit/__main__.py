import sys

from .cli import main

try:
    status = main()
except ModuleNotFoundError as exc:
    # run by a python without corpuskit's dependencies: a pre-commit hook with the venv inactive
    sys.exit(
        f"corpuskit: error: {exc.name} is not installed for {sys.executable}; activate the project's venv "
        "(. .venv/bin/activate) or install corpuskit into this python (pip install -e .)"
    )
raise SystemExit(status)
