from kankei.cli import cli

cli()
