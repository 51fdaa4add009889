"""The `cdtkg` command line (placeholder until the build lands)."""
import sys


def main(argv=None) -> int:
    print("cdtkg: under construction", file=sys.stderr)
    return 2
