"""``pintu config``: check the configuration file, or show every setting in effect."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

from kiosk.cli.certificate import describe
from kiosk.config import (
    NotifySettings,
    Purpose,
    Settings,
    default_config_path,
    load_settings,
)
from kiosk.i18n import tr
from kiosk.services.store import open_database, schema_status


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("config", help="the configuration file")
    actions = parser.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="validate the file and reach the database")
    check.add_argument("--file", type=Path, default=None,
                       help="the file to check (default: the one the kiosk reads)")
    check.set_defaults(handler=_check)
    actions.add_parser("show", help="print every setting in effect, as TOML").set_defaults(
        handler=_show)


def _check(args: argparse.Namespace, _settings: Settings) -> int:
    path = args.file or default_config_path()
    settings = load_settings(path)  # raises ConfigError naming the key
    where = str(path) if path.exists() else tr("(no file: defaults)")
    print(tr("Configuration {path} is valid.", path=where))
    status = schema_status(open_database(settings, upgrade=False))
    print(tr("Database {url} is reachable (revision {rev}).", url=status.location,
             rev=status.revision or "-"))
    for line in describe(settings):  # opens the PKCS#12 file or reads the token
        print(line)
    return 0


def _show(_args: argparse.Namespace, settings: Settings) -> int:
    print(render_toml(settings))
    return 0


def render_toml(settings: Settings) -> str:
    """The settings as a TOML file the kiosk would read back unchanged."""
    lines: list[str] = []
    tables: list[str] = []
    for field in dataclasses.fields(settings):
        value = getattr(settings, field.name)
        if field.name == "purposes":
            for purpose in value:
                tables.append(_purpose_table(purpose))
        elif field.name == "sop":
            tables.append("[sop]\n" + "\n".join(
                f"{k} = {v}" for k, v in dataclasses.asdict(value).items()))
        elif field.name == "notify":
            tables.append(_notify_table(value))
        elif value is None:
            lines.append(f"# {field.name} = (not set)")
        else:
            lines.append(f"{field.name} = {_value(value)}")
    return "\n".join(lines) + "\n\n" + "\n\n".join(tables) + "\n"


def _purpose_table(purpose: Purpose) -> str:
    rows = [f"key = {_value(purpose.key)}", f"label = {_value(purpose.label)}"]
    if purpose.checklist:
        rows.append(f"checklist = {_value(purpose.checklist)}")
    return "[[purposes]]\n" + "\n".join(rows)


def _notify_table(notify: NotifySettings) -> str:
    rows = [f"{key} = {_value(getattr(notify, key))}" if getattr(notify, key)
            else f"# {key} = (not set)" for key in ("mail_server", "telegram_bot")]
    rows.append(f"supervisor_targets = {_value(notify.supervisor_targets)}")
    units = ", ".join(f"{{name = {_value(u.name)}, targets = {_value(u.targets)}}}"
                      for u in notify.units)
    rows.append(f"units = [{units}]")
    return "[notify]\n" + "\n".join(rows)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'
