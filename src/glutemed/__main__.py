"""``python -m glutemed`` runs the command line."""

from glutemed.cli import main

main()
