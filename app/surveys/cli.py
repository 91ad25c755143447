"""`flask export survey --id N --format csv|xlsx --out FILE` (added to the export group by `create_app`)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.core.errors import DomainError
from app.surveys.export import write_csv, write_xlsx
from app.surveys.queries import get_survey


@click.command("survey")
@with_appcontext
@click.option("--id", "survey_id", type=int, required=True, help="Id of the survey.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True, help="File to write.")
def export_survey(survey_id: int, fmt: str, out: str) -> None:
    """Export a survey's completed responses: one row per response, one column per question."""
    try:
        survey = get_survey(survey_id)
        if fmt == "csv":
            with open(out, "w", encoding="utf-8", newline="") as handle:
                count = write_csv(survey, handle)
        else:
            count = write_xlsx(survey, out)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"{count} responses written to {out}")
