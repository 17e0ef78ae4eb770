"""The ``stocktake`` command.

Bad input never shows a traceback: every group is a :class:`~stocktake_cli.errors.StocktakeGroup`,
which prints one line on standard error and exits with code 2 (see :mod:`stocktake_cli.errors`).
"""

from __future__ import annotations

from stocktake_cli import (
    assessment,
    catalogue,
    composite,
    demo,
    frameworks,
    network,
    questionnaire,
    report,
    screening,
    submissions,
)
from stocktake_cli.errors import command_group

app = command_group(
    "Self-assessment, scoring and key areas for development for networks of cities.",
    name="stocktake",
)
app.add_typer(frameworks.app, name="frameworks")
app.command("score")(assessment.score)
app.command("priorities")(assessment.priorities)
app.command("demo")(demo.demo)
app.add_typer(composite.app, name="composite")
app.add_typer(network.app, name="network")
app.add_typer(catalogue.app, name="catalogue")
app.command("progress")(network.progress)
app.command("questionnaire")(questionnaire.questionnaire)
app.command("report")(report.report)
app.command("submissions")(submissions.submissions)
app.command("screen")(screening.screen_solutions)
