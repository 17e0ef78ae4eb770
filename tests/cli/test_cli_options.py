"""An option shared by several commands reads the same in each: one flag set, one help text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from stocktake_cli.main import app


def _commands(command: object, path: str = "") -> Iterator[tuple[str, TyperCommand]]:
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            yield from _commands(sub, f"{path} {name}".strip())
    elif isinstance(command, TyperCommand):
        yield path, command


def _options_named(flag: str) -> dict[str, TyperOption]:
    """Every command's option with ``flag``, by command path."""
    found = {}
    for path, command in _commands(typer.main.get_command(app)):
        for param in command.params:
            if isinstance(param, TyperOption) and flag in param.opts:
                found[path] = param
    return found


VARIANTS = {
    "--format": {"score", "frameworks export"},
    "--out": {
        "questionnaire",
        "submissions",
        "frameworks export",
        "frameworks import",
        "frameworks derive",
        "catalogue import",
        "report",
    },
    "--lang": {"report"},
    "--seed": {"demo"},
    "--meta": {"composite init"},
}
"""Commands whose option takes other values or another default, so says so in its help."""


@pytest.mark.parametrize(
    ("flag", "commands"),
    [
        ("--framework", {"score", "priorities", "composite from-assessments"}),
        ("--lang", {"score", "priorities", "demo", "frameworks list", "frameworks show"}),
        ("--format", {"score", "priorities", "frameworks list", "frameworks show"}),
        ("--data", {"composite build", "composite analyse", "composite uncertainty"}),
        ("--meta", {"composite build", "composite analyse", "composite sensitivity"}),
        ("--spec", {"composite build", "composite analyse", "composite uncertainty"}),
        ("--vary", {"composite uncertainty", "composite sensitivity"}),
        ("--out", {"demo", "composite init", "composite build", "composite sensitivity"}),
        ("--seed", {"demo", "composite uncertainty", "composite sensitivity"}),
    ],
)
def test_a_shared_option_has_one_flag_set_and_one_help_text(flag: str, commands: set[str]) -> None:
    options = _options_named(flag)

    assert commands <= set(options)
    assert len({tuple(sorted(option.opts)) for option in options.values()}) == 1
    helps = {option.help for path, option in options.items() if path not in VARIANTS.get(flag, ())}
    assert len(helps) == 1


def test_a_variant_says_how_it_differs() -> None:
    formats = _options_named("--format")
    seeds = _options_named("--seed")

    assert formats["score"].help == "A table, JSON, or CSV (one row per item)."
    assert formats["priorities"].help == "A table or JSON."
    assert seeds["composite uncertainty"].help == (
        f"{seeds['demo'].help} Without it, every run draws afresh."
    )
    assert _options_named("--meta")["composite init"].help.startswith("Indicator metadata")
