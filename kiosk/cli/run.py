"""``pintu run``: the kiosk window."""

from __future__ import annotations

import argparse

from kiosk.config import Settings


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("run", help="start the kiosk (default)")
    parser.add_argument("--camera", default=None,
                        help="camera: device index, /dev/videoN, a video file, or none")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fullscreen", action="store_true", help="kiosk mode")
    mode.add_argument("--windowed", action="store_true", help="a normal window")
    parser.set_defaults(handler=run_kiosk)


def run_kiosk(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.ui.app import run_app

    return run_app(settings, camera=args.camera, fullscreen=bool(args.fullscreen))
