"""``python -m kommunanalys.cli`` runs the command line as the ``kommunanalys`` script does."""

from kommunanalys.cli.app import app

app()
