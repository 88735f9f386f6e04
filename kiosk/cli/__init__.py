"""The ``pintu`` command: the kiosk window and the administrator's tools.

Each command group lives in its own module with a ``register(subparsers)`` function.
User mistakes and environment faults print one line and exit non-zero; only bugs show a
traceback (and are logged).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from kiosk import __version__
from kiosk.config import Settings, load_settings
from kiosk.domain.clock import site_zone
from kiosk.errors import PintuError
from kiosk.i18n import set_language, tr
from kiosk.logs import setup_logging

log = logging.getLogger(__name__)

#: Modules under ``kiosk.cli`` that add commands, in the order ``--help`` lists them.
COMMAND_MODULES = ("run", "db", "user", "demo", "audit", "purge", "report", "config", "badges",
                   "passes", "denylist",
                   "backup", "restore", "certificate", "verify", "notify")

Handler = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pintu", description="Pintu: the server-room door kiosk.")
    parser.add_argument("--version", action="version", version=f"pintu {__version__}")
    parser.add_argument("--lang", choices=("id", "en"), default=None,
                        help="language of messages (default: from the configuration)")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation on a temporary data folder, then exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"kiosk.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if args.self_test:  # before the configuration: it must not read or touch the real one
        from kiosk.cli.selftest import run_self_test

        return run_self_test()
    try:
        if args.lang:
            set_language(args.lang)
        settings = load_settings()
        set_language(args.lang or settings.default_language)
        setup_logging(settings.log_dir)
        if handler is None:
            handler = _default_handler(args)
        with site_zone(settings.zone):  # the site's clock for everything the command does
            return handler(args, settings)
    except PintuError as exc:
        print(tr("Error: {message}", message=exc.text()), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _default_handler(args: argparse.Namespace) -> Handler:
    """``pintu`` alone starts the kiosk, like ``pintu run``."""
    from kiosk.cli.run import run_kiosk

    for name, default in (("camera", None), ("fullscreen", False), ("windowed", False),
                          ("self_test", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    return run_kiosk
