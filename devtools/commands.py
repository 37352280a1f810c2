"""``visningsbot simulator`` and ``visningsbot playground``, added through an entry point.

``devtools/pyproject.toml`` registers both under ``visningsbot.commands``; ``bot/__main__.py``
finds them there, so the bot's command line offers them only where the developer tools are
installed, and no production module imports this package.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.logs import configure_logging
from devtools.playground.run import run_playground
from devtools.simulator import SimulatorConfig, serve
from devtools.simulator.loopback import NotLoopbackError

if TYPE_CHECKING:
    from bot.__main__ import Command


class _Simulator:
    help = "a local Vitec Connect with Swedish sample data"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Where it listens, its sample data and its latency."""
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8080)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--latency", type=float, default=0.0, help="seconds added to every answer"
        )
        parser.add_argument("--estates", type=int, default=40, help="estates per office")

    def __call__(self, args: argparse.Namespace) -> int:
        """Serve the simulator until Ctrl+C."""
        configure_logging("INFO")
        try:
            serve(
                args.host,
                args.port,
                SimulatorConfig(seed=args.seed, estate_count=args.estates),
                latency=args.latency,
            )
        except NotLoopbackError as exc:
            print(exc, file=sys.stderr)
            return 2
        return 0


class _Playground:
    help = "the bot with a local Vitec and Slack, in the browser"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Its port, and whether to open a browser on it."""
        parser.add_argument("--port", type=int, default=3000)
        parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
        parser.add_argument(
            "--workspaces",
            action="store_true",
            help="two Slack workspaces (OAuth mode): switch between them, install into the second",
        )

    def __call__(self, args: argparse.Namespace) -> int:
        """Serve the playground until Ctrl+C."""
        configure_logging("INFO")
        return run_playground(
            port=args.port, open_browser=not args.no_browser, workspaces=args.workspaces
        )


simulator: Command = _Simulator()
playground: Command = _Playground()
