"""`flask users …` commands."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app.auth.models import ROLE_VALUES
from app.auth.services import create_user
from app.core.errors import DomainError

users_cli = AppGroup("users", help="Konten verwalten / manage accounts.")


@users_cli.command("create")
@click.option("--email", required=True, help="E-Mail-Adresse")
@click.option("--password", required=True, help="Passwort (mindestens 10 Zeichen)")
@click.option("--role", type=click.Choice(ROLE_VALUES), default="citizen", show_default=True)
@click.option("--name", "display_name", default=None, help="Anzeigename")
def create_command(email: str, password: str, role: str, display_name: str | None) -> None:
    """Create a confirmed account."""
    try:
        user = create_user(email, password, role, display_name)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Created {user.role} account {user.email} (id {user.id}).")
