"""``python -m summitbrief``: the command line."""

from summitbrief.cli import main

main(prog_name="summitbrief")
