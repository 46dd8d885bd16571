"""Run the command line as `python -m kmhub`."""

from kmhub.cli import main

main()
