"""The ``kankei`` command line: one verb per stage, each a thin layer over the Python API."""

from __future__ import annotations

import click

from kankei import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kankei")
def cli() -> None:
    """kankei (関係): who visited, met, accompanied whom and who holds which position, from Japanese news.

    Example:

        kankei build corpus/ && kankei query officials-who-visited
    """


# Each stage registers its commands here (imported last: they import the group's siblings).
from kankei.cli_analysis import analyze_command, report_command, timeline_command, view_command  # noqa: E402
from kankei.cli_eval import eval_command  # noqa: E402
from kankei.cli_extract import extract_command  # noqa: E402
from kankei.cli_graph import build_command, export_command, load_command, query_command, stats_command  # noqa: E402

for _command in (extract_command, eval_command, load_command, build_command, query_command, stats_command,
                 export_command, analyze_command, view_command, timeline_command, report_command):
    cli.add_command(_command)
