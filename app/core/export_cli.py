"""The `flask export …` command group; `create_app` adds the features' export commands to it."""
from flask.cli import AppGroup

export_cli = AppGroup("export", help="Daten exportieren / export data (e.g. `flask export votes --process SLUG`).")
