"""Installation settings: one TOML file, every key optional, defaults for a single door.

Where things are looked up, in order: ``PINTU_CONFIG`` (a file), else ``pintu.toml`` in the
user config folder. The data folder (database, archive, logs, token secret) is
``PINTU_DATA_DIR`` or the user data folder. ``PINTU_DATABASE_URL`` overrides the
database URL so several doors can share one PostgreSQL server.

Archived visit forms and reports are sealed (PAdES) with the key ``signing`` names: the site
certificate kept in the data folder (the default, created on first use), an office's
PKCS#12 file or a PKCS#11 token. The passphrase or PIN never sits in this file: it comes
from ``PINTU_SIGNING_PIN`` or from the file ``signing_pin_file`` names (see
``kiosk.services.signing``).

One setting can also be changed on screen: the printer a supervisor picks on the reports
screen is kept in the data folder (``chosen_printer``), so each door keeps its own even
when the doors share a database, and it takes precedence over ``printer`` in the file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import platformdirs

from kiosk.domain import notices
from kiosk.domain.clock import DEFAULT_TIMEZONE, zone_named
from kiosk.domain.validation import NAME_MAX, clean_text
from kiosk.errors import KnownError, ValidationError
from kiosk.i18n import LANGUAGES, N_

APP_NAME = "pintu"
#: Visits and the sign-in throttle store the terminal's name in 64 characters.
TERMINAL_NAME_MAX = 64


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
class NotifyUnit:
    """A unit visitors come to see (the PIC), and where its messages go."""

    name: str
    targets: tuple[str, ...]


@dataclass(frozen=True)
class NotifySettings:
    """Who is told of arrivals, escorts, overstays and visits open at day end (``[notify]``).

    Targets are e-mail addresses or ``telegram:<chat id>``; the credentials to reach them
    are here once: ``mail_server`` (an SMTP account as an Apprise URL,
    ``mailtos://user:password@mail.kota.go.id:587?from=pintu@kota.go.id``) and
    ``telegram_bot`` (``tgram://<bot token>``). Nothing configured, nothing sent.
    """

    mail_server: str | None = None
    telegram_bot: str | None = None
    supervisor_targets: tuple[str, ...] = ()
    units: tuple[NotifyUnit, ...] = ()

    def unit(self, pic: str) -> NotifyUnit | None:
        """The unit a PIC names: chosen on screen, or typed the same way (any case)."""
        wanted = clean_text(pic).casefold()
        return next((u for u in self.units if u.name.casefold() == wanted), None)

    @property
    def configured(self) -> bool:
        return bool(self.mail_server or self.telegram_bot)


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
    # Wrong sign-ins slow the terminal down: 1, 2, 4 ... s, at most this long.
    signin_delay_max_seconds: int = 60
    # A burst of wrong sign-ins ends after this long without one; the audit trail gets one
    # summary event per burst, and the terminal's wait starts again from one second.
    signin_quiet_minutes: int = 15
    # An account locks after this many wrong PINs within lockout_window_hours, whatever
    # terminal they came from, for lockout_minutes (a supervisor may unlock it earlier).
    lockout_attempts: int = 20
    lockout_window_hours: int = 24
    lockout_minutes: int = 60
    # A demo installation lets the demo accounts keep their published PIN.
    demo: bool = False
    keep_card_images: bool = False
    #: The face photo at sign-in: one of VISITOR_PHOTO_MODES (see docs/configuration.md).
    visitor_photo: str = "optional"
    token_ttl_hours: int = 12
    #: The site's wall clock: "WIB", "WITA", "WIT" or an IANA zone name ("Asia/Makassar").
    #: Days, the day end, the backup time and every time shown follow it.
    timezone: str = DEFAULT_TIMEZONE
    #: Local time ("HH:MM") at which every visit of the day must be closed (see
    #: ``kiosk.domain.lifecycle``); from then on the console asks to close the day.
    day_end: str = "18:00"
    backup_dir: Path | None = None  # None: "backups" in the data folder (same disk!)
    backup_keep: int = 14
    backup_time: str = "01:30"  # daily automatic backup, site time; "off" to disable
    signing: str = "site"  # one of SIGNING_SOURCES
    signing_p12: str | None = None  # the office's certificate and key, a .p12/.pfx file
    signing_pkcs11_module: str | None = None  # the token's PKCS#11 library (.so / .dll)
    signing_pkcs11_token: str | None = None  # token label
    signing_pkcs11_key: str | None = None  # label of the key and its certificate
    signing_pin_file: str | None = None  # the PKCS#12 passphrase or the token PIN
    signing_trust: tuple[str, ...] = ()  # certificate files of signers and CAs to trust
    notify: NotifySettings = field(default_factory=NotifySettings)

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
    def signing_dir(self) -> Path:
        """The site certificate, its key and the certificates it replaced."""
        return self.data_dir / "signing"

    @property
    def printer_choice_path(self) -> Path:
        return self.data_dir / "printer.txt"

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

    @property
    def zone(self) -> ZoneInfo:
        return zone_named(self.timezone)

    @property
    def day_end_time(self) -> dt.time:
        return parse_day_end(self.day_end)


_DAY_END = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_day_end(text: str) -> dt.time:
    """"18:00" as a time of day; anything else is a configuration error."""
    match = _DAY_END.fullmatch(text.strip())
    if match is None:
        raise ConfigError("day_end must be a time of day written HH:MM, for example 18:00.")
    return dt.time(int(match[1]), int(match[2]))


def default_data_dir() -> Path:
    env = os.environ.get("PINTU_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME))


def default_config_path() -> Path:
    env = os.environ.get("PINTU_CONFIG")
    return Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME)) / "pintu.toml"


#: "off": no photo step; "optional": the visitor may skip it; "required": no skipping,
#: except when the camera is unavailable (the visit then goes on and says why).
VISITOR_PHOTO_MODES = ("off", "optional", "required")

#: Where the seal on archived forms and reports comes from ("off": not sealed).
SIGNING_SOURCES = ("site", "pkcs12", "pkcs11", "off")


class ConfigError(KnownError):
    """The configuration file is missing a value, has an unknown key or a bad value."""


#: A printer name longer than this is not a name (CUPS allows 127 bytes).
MAX_PRINTER_NAME = 255


def picked_printer(settings: Settings) -> str | None:
    """The printer a supervisor picked on this terminal's screen, if any."""
    try:
        picked = settings.printer_choice_path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if picked and len(picked) <= MAX_PRINTER_NAME and picked.isprintable():
        return picked
    return None


def chosen_printer(settings: Settings) -> str | None:
    """The printer this terminal prints on: the one picked on screen, else ``printer``
    from the configuration, else ``None`` (the system default printer)."""
    return picked_printer(settings) or settings.printer


def pick_printer(settings: Settings, name: str | None) -> None:
    """Keep ``name`` as this terminal's printer; ``None`` goes back to the configuration."""
    path = settings.printer_choice_path
    try:
        if name is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(name + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError("The printer choice cannot be saved in {path}: {reason}",
                          path=str(path), reason=exc.strerror or str(exc)) from exc


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
    if "signing_trust" in values:
        values["signing_trust"] = tuple(values["signing_trust"])
    if "notify" in values:
        values["notify"] = _notify(values["notify"])
    settings = Settings(**values)
    _check(settings)
    return settings


_TYPES: dict[str, tuple[type, ...]] = {
    "site_name": (str,), "terminal_name": (str,), "default_language": (str,),
    "data_dir": (str,), "camera": (str, int), "day_end": (str,), "backup_dir": (str,),
    "timezone": (str,),
    "backup_time": (str,), "visitor_photo": (str,),
    "logo": (str,), "database_url": (str,), "printer": (str,), "checklists_file": (str,),
    "auto_print_badge": (bool,), "keep_card_images": (bool,), "demo": (bool,),
    "retention_days": (int,), "visitor_idle_seconds": (int,), "operator_idle_seconds": (int,),
    "signin_delay_max_seconds": (int,), "signin_quiet_minutes": (int,),
    "lockout_attempts": (int,), "lockout_window_hours": (int,), "lockout_minutes": (int,),
    "token_ttl_hours": (int,), "backup_keep": (int,),
    "languages": (list,), "purposes": (list,), "sop": (dict,),
    "signing": (str,), "signing_p12": (str,), "signing_pkcs11_module": (str,),
    "signing_pkcs11_token": (str,), "signing_pkcs11_key": (str,), "signing_pin_file": (str,),
    "signing_trust": (list,), "notify": (dict,),
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


_NOTIFY_KEYS = {"mail_server", "telegram_bot", "supervisor_targets", "units"}
_SCHEMES = {"mail_server": ("mailto://", "mailtos://"), "telegram_bot": ("tgram://",)}


def _notify(raw: dict[str, Any]) -> NotifySettings:
    unknown = sorted(set(raw) - _NOTIFY_KEYS)
    if unknown:
        raise ConfigError("Unknown configuration key: {key}",
                          key=", ".join(f"notify.{k}" for k in unknown))
    servers: dict[str, str | None] = {}
    for key, schemes in _SCHEMES.items():
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or not value.startswith(schemes)):
            raise ConfigError("{key} must be a URL starting with {schemes}",
                              key=f"notify.{key}", schemes=" or ".join(schemes))
        servers[key] = value
    units = raw.get("units", [])
    if not isinstance(units, list):
        raise ConfigError("{key} must be {kind}.", key="notify.units", kind=N_("a list"))
    settings = NotifySettings(
        mail_server=servers["mail_server"], telegram_bot=servers["telegram_bot"],
        supervisor_targets=_targets(raw.get("supervisor_targets", []),
                                    "notify.supervisor_targets"),
        units=tuple(_unit(u) for u in units))
    names = [u.name.casefold() for u in settings.units]
    if len(set(names)) != len(names):
        raise ConfigError("Two units in [notify] have the same name.")
    for target in (*settings.supervisor_targets, *(t for u in settings.units
                                                  for t in u.targets)):
        if notices.is_telegram(target) and not settings.telegram_bot:
            raise ConfigError("{target} needs notify.telegram_bot.", target=target)
        if not notices.is_telegram(target) and not settings.mail_server:
            raise ConfigError("{target} needs notify.mail_server.", target=target)
    return settings


def _unit(raw: Any) -> NotifyUnit:
    if not isinstance(raw, dict) or set(raw) != {"name", "targets"}:
        raise ConfigError("Each unit in [notify] needs a name and targets, nothing else.")
    name = clean_text(raw["name"]) if isinstance(raw["name"], str) else ""
    if not name or len(name) > NAME_MAX:
        raise ConfigError("A unit name in [notify] is text of at most {max} characters.",
                          max=NAME_MAX)
    return NotifyUnit(name, _targets(raw["targets"], f"notify.units ({name})"))


def _targets(raw: Any, key: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        raise ConfigError("{key} must be {kind}.", key=key, kind=N_("a list"))
    try:
        return tuple(dict.fromkeys(notices.recipient(t) for t in raw))
    except ValidationError as exc:
        raise ConfigError("{key}: {reason}", key=key, reason=exc.text("en")) from exc


def _check(settings: Settings) -> None:
    for name in ("retention_days", "visitor_idle_seconds", "operator_idle_seconds",
                 "signin_delay_max_seconds", "signin_quiet_minutes", "lockout_attempts",
                 "lockout_window_hours", "lockout_minutes", "token_ttl_hours", "backup_keep"):
        value = getattr(settings, name)
        if not isinstance(value, int) or value <= 0:
            raise ConfigError("{key} must be a whole number above zero.", key=name)
    if not 0 < len(settings.terminal_name.strip()) <= TERMINAL_NAME_MAX:
        raise ConfigError("terminal_name must have 1 to {n} characters.", n=TERMINAL_NAME_MAX)
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
    parse_day_end(settings.day_end)
    if settings.visitor_photo not in VISITOR_PHOTO_MODES:
        raise ConfigError("visitor_photo must be one of: {choices}",
                          choices=", ".join(VISITOR_PHOTO_MODES))
    try:
        zone_named(settings.timezone)
    except ValueError as exc:
        raise ConfigError("timezone must be WIB, WITA, WIT or a time zone name such as "
                          "Asia/Jayapura.") from exc
    if not settings.purposes:
        raise ConfigError("At least one purpose is needed.")
    _check_signing(settings)


#: The keys each signing source cannot do without.
_SIGNING_NEEDS = {"pkcs12": ("signing_p12",),
                  "pkcs11": ("signing_pkcs11_module", "signing_pkcs11_token",
                             "signing_pkcs11_key")}


def _check_signing(settings: Settings) -> None:
    if settings.signing not in SIGNING_SOURCES:
        raise ConfigError("signing must be one of: {choices}",
                          choices=", ".join(SIGNING_SOURCES))
    for key in _SIGNING_NEEDS.get(settings.signing, ()):
        if not getattr(settings, key):
            raise ConfigError("signing = \"{source}\" needs {key}.", source=settings.signing,
                              key=key)
    if not all(isinstance(path, str) and path for path in settings.signing_trust):
        raise ConfigError("signing_trust must list certificate files.")
