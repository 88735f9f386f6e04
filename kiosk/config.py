"""Installation settings: one TOML file, every key optional, defaults for a single door.

Where things are looked up, in order: ``PINTU_CONFIG`` (a file), else ``pintu.toml`` in the
user config folder. The data folder (database, archive, logs, token secret) is
``PINTU_DATA_DIR`` or the user data folder. ``PINTU_DATABASE_URL`` overrides the
database URL so several doors can share one PostgreSQL server.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.errors import KnownError
from kiosk.i18n import LANGUAGES, N_

APP_NAME = "pintu"


@dataclass(frozen=True)
class Purpose:
    key: str
    label: str  # English source, translated when shown
    checklist: str | None = None  # name of a maintenance checklist, if the purpose has one


DEFAULT_PURPOSES: tuple[Purpose, ...] = (
    Purpose("server_maintenance", N_("Server maintenance"), "server"),
    Purpose("genset_maintenance", N_("Genset maintenance"), "genset"),
    Purpose("repair", N_("Repair")),
    Purpose("installation", N_("Installation")),
    Purpose("inspection", N_("Inspection / audit")),
    Purpose("delivery", N_("Delivery")),
    Purpose("other", N_("Other")),
)


@dataclass(frozen=True)
class SopMinutes:
    """The SOP's standard times ("Mutu Baku"), in minutes."""

    form_to_decision: int = 5
    visit: int = 60
    check_out: int = 5


@dataclass(frozen=True)
class Settings:
    site_name: str = "Data Center Pemerintah Kota Pontianak"
    logo: str | None = None
    data_dir: Path = field(default_factory=lambda: default_data_dir())
    database_url: str | None = None  # None: SQLite file in the data folder
    terminal_name: str = "Pintu 1"
    camera: str = "0"  # device index, /dev/videoN, a video/image file, or "none"
    printer: str | None = None  # None: the system default printer
    auto_print_badge: bool = False
    languages: tuple[str, ...] = LANGUAGES
    default_language: str = "id"
    purposes: tuple[Purpose, ...] = DEFAULT_PURPOSES
    checklists_file: str | None = None  # None: the bundled checklists
    sop: SopMinutes = field(default_factory=SopMinutes)
    retention_days: int = 365
    visitor_idle_seconds: int = 90
    operator_idle_seconds: int = 300
    lockout_attempts: int = 5
    lockout_minutes: int = 5
    keep_card_images: bool = False
    token_ttl_hours: int = 12
    backup_dir: Path | None = None  # None: "backups" in the data folder (same disk!)
    backup_keep: int = 14
    backup_time: str = "01:30"  # daily automatic backup, site time; "off" to disable

    @property
    def database_path(self) -> Path:
        return self.data_dir / "pintu.sqlite3"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def secret_path(self) -> Path:
        return self.data_dir / "token.secret"

    @property
    def backup_folder(self) -> Path:
        """Where backups go; the default sits on the data folder's own disk, which is why
        the documentation asks every office to point ``backup_dir`` at another one."""
        return self.backup_dir if self.backup_dir is not None else self.data_dir / "backups"

    @property
    def lock_path(self) -> Path:
        """Held by the running kiosk, so a restore can tell that it must wait."""
        return self.data_dir / "pintu.lock"

    def backup_clock(self) -> dt.time | None:
        """The daily backup's time of day, or None when automatic backups are off."""
        return None if self.backup_time == "off" else dt.time.fromisoformat(self.backup_time)

    def effective_database_url(self) -> str:
        return (
            os.environ.get("PINTU_DATABASE_URL")
            or self.database_url
            or f"sqlite:///{self.database_path}"
        )

    def purpose(self, key: str) -> Purpose | None:
        return next((p for p in self.purposes if p.key == key), None)


def default_data_dir() -> Path:
    env = os.environ.get("PINTU_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME))


def default_config_path() -> Path:
    env = os.environ.get("PINTU_CONFIG")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME)) / "pintu.toml"


class ConfigError(KnownError):
    """The configuration file is missing a value, has an unknown key or a bad value."""


def load_settings(path: Path | None = None) -> Settings:
    """Settings from ``path`` (default: the usual place); a missing file means defaults."""
    path = path or default_config_path()
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("Cannot read the configuration {path}: {reason}", path=str(path),
                          reason=str(exc)) from exc
    return settings_from_mapping(raw)


def settings_from_mapping(raw: dict[str, Any]) -> Settings:
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError("Unknown configuration key: {key}", key=", ".join(unknown))
    for key, value in raw.items():
        _check_type(key, value)
    values: dict[str, Any] = dict(raw)
    for key in ("data_dir", "backup_dir"):
        if key in values:
            values[key] = Path(values[key]).expanduser()
    if "languages" in values:
        values["languages"] = tuple(values["languages"])
    if "purposes" in values:
        values["purposes"] = tuple(_purpose(p) for p in values["purposes"])
    if "sop" in values:
        values["sop"] = _sop(values["sop"])
    if "camera" in values:
        values["camera"] = str(values["camera"])
    settings = Settings(**values)
    _check(settings)
    return settings


_TYPES: dict[str, tuple[type, ...]] = {
    "site_name": (str,), "terminal_name": (str,), "default_language": (str,),
    "data_dir": (str,), "backup_dir": (str,), "backup_time": (str,), "camera": (str, int),
    "logo": (str,), "database_url": (str,), "printer": (str,), "checklists_file": (str,),
    "auto_print_badge": (bool,), "keep_card_images": (bool,),
    "retention_days": (int,), "visitor_idle_seconds": (int,), "operator_idle_seconds": (int,),
    "lockout_attempts": (int,), "lockout_minutes": (int,), "token_ttl_hours": (int,),
    "backup_keep": (int,),
    "languages": (list,), "purposes": (list,), "sop": (dict,),
}
_BACKUP_TIME = re.compile(r"off|([01][0-9]|2[0-3]):[0-5][0-9]")
_TYPE_NAMES = {str: N_("text"), int: N_("a whole number"), bool: N_("true or false"),
               list: N_("a list"), dict: N_("a table")}


def _check_type(key: str, value: Any) -> None:
    allowed = _TYPES[key]
    # TOML booleans are ints to Python; a number is never accepted where true/false is meant.
    wrong_bool = isinstance(value, bool) and bool not in allowed
    if wrong_bool or not isinstance(value, allowed):
        raise ConfigError("{key} must be {kind}.", key=key, kind=_TYPE_NAMES[allowed[0]])


def _purpose(raw: Any) -> Purpose:
    if not isinstance(raw, dict) or not {"key", "label"} <= set(raw):
        raise ConfigError("Each purpose needs a key and a label.")
    try:
        return Purpose(**raw)
    except TypeError as exc:
        raise ConfigError("Bad purpose entry: {reason}", reason=str(exc)) from exc


def _sop(raw: dict[str, Any]) -> SopMinutes:
    try:
        sop = SopMinutes(**raw)
    except TypeError as exc:
        raise ConfigError("Bad [sop] table: {reason}", reason=str(exc)) from exc
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError("{key} must be a whole number above zero.", key=f"sop.{key}")
    return sop


def _check(settings: Settings) -> None:
    for name in ("retention_days", "visitor_idle_seconds", "operator_idle_seconds",
                 "lockout_attempts", "lockout_minutes", "token_ttl_hours", "backup_keep"):
        value = getattr(settings, name)
        if not isinstance(value, int) or value <= 0:
            raise ConfigError("{key} must be a whole number above zero.", key=name)
    if not _BACKUP_TIME.fullmatch(settings.backup_time):
        raise ConfigError("backup_time must be a time of day like 01:30, or off.")
    if not settings.languages or not set(settings.languages) <= set(LANGUAGES):
        raise ConfigError("languages may only list: {choices}", choices=", ".join(LANGUAGES))
    if settings.default_language not in settings.languages:
        raise ConfigError("default_language must be one of: {choices}",
                          choices=", ".join(settings.languages))
    keys = [p.key for p in settings.purposes]
    if len(set(keys)) != len(keys):
        raise ConfigError("Two purposes have the same key.")
    if not settings.purposes:
        raise ConfigError("At least one purpose is needed.")
