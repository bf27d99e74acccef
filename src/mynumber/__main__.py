"""Run the command line as `python -m mynumber`."""

from mynumber.cli import main

main()
