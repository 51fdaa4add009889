"""The README stays true: its two set-up commands, and every subcommand documented with an example."""
import argparse
import re
from pathlib import Path

from app.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def subcommands() -> set[str]:
    actions = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return set(actions[0].choices)


def test_the_readme_opens_with_the_two_setup_commands():
    block = re.search(r"```bash\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert block[0].endswith("cdtkg app")
    assert "pytest" in block[1] and "'.[test]'" in block[1]


def test_ci_runs_exactly_the_readmes_test_command():
    test_command = re.search(r"```bash\n.*?\n(.*?)\n```", README, re.S).group(1).strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci


def test_every_subcommand_is_in_the_readme_with_an_example_and_nothing_else_is():
    documented = set(re.findall(r"^\| `cdtkg (\w+)` \|", README, re.M))
    assert documented == subcommands()
    for name in documented:
        row = re.search(rf"^\| `cdtkg {name}` \|.*\| `cdtkg {name}[^`]*` \|$", README, re.M)
        assert row, f"README row for `cdtkg {name}` has no example"
