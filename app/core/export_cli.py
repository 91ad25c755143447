"""The `flask export …` command group; feature packages add their subcommands to it."""
from flask.cli import AppGroup

export_cli = AppGroup("export", help="Daten exportieren / export data (e.g. `flask export votes --process SLUG`).")
