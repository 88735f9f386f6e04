"""The configuration file: defaults, clear errors naming the key, and a faithful round trip."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.cli.config import render_toml
from kiosk.config import (
    ConfigError,
    Settings,
    chosen_printer,
    load_settings,
    pick_printer,
    picked_printer,
    settings_from_mapping,
)


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "absent.toml")
    assert settings.retention_days == 365
    assert settings.visitor_photo == "optional"
    assert settings.default_language == "id"
    assert settings.sop.form_to_decision == 5 and settings.sop.visit == 60
    assert settings.purpose("server_maintenance") is not None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"colour": "red"}, "Unknown configuration key: colour"),
        ({"retention_days": "a year"}, "retention_days must be a whole number."),
        ({"retention_days": 0}, "retention_days must be a whole number above zero."),
        ({"auto_print_badge": 1}, "auto_print_badge must be true or false."),
        ({"lockout_attempts": True}, "lockout_attempts must be a whole number."),
        ({"languages": ["fr"]}, "languages may only list: id, en"),
        ({"languages": ["en"], "default_language": "id"}, "default_language must be one of: en"),
        ({"purposes": []}, "At least one purpose is needed."),
        ({"purposes": [{"key": "a"}]}, "Each purpose needs a key and a label."),
        ({"purposes": [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}]},
         "Two purposes have the same key."),
        ({"sop": {"visit": -5}}, "sop.visit must be a whole number above zero."),
        ({"site_name": 12}, "site_name must be text."),
        ({"backup_time": "1:30 am"}, "backup_time must be a time of day like 01:30, or off."),
        ({"backup_time": "24:00"}, "backup_time must be a time of day like 01:30, or off."),
        ({"backup_keep": 0}, "backup_keep must be a whole number above zero."),
        ({"backup_dir": 5}, "backup_dir must be text."),
        ({"visitor_photo": "always"}, "visitor_photo must be one of: off, optional, required"),
        ({"visitor_photo": True}, "visitor_photo must be text."),
    ],
)
def test_bad_values_name_the_key(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping(raw)
    assert caught.value.text("en") == message
    assert caught.value.text("id") != message


def test_broken_toml_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "pintu.toml"
    path.write_text("site_name = 'unterminated\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(path) in caught.value.text("en")


def test_shown_settings_read_back_the_same(tmp_path: Path) -> None:
    settings = settings_from_mapping({
        "site_name": 'Diskominfo "Kota" Pontianak', "camera": 2, "retention_days": 90,
        "data_dir": str(tmp_path), "sop": {"visit": 45}, "backup_dir": str(tmp_path / "nas"),
        "backup_keep": 30, "backup_time": "off", "timezone": "WITA",
        "purposes": [{"key": "audit", "label": "Audit BSSN"},
                     {"key": "server_maintenance", "label": "Server", "checklist": "server"}],
    })
    text = render_toml(settings)
    again = settings_from_mapping(tomllib.loads(text))
    assert again == settings
    assert isinstance(again, Settings)


def test_the_printer_picked_on_screen_wins_until_it_is_dropped(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", printer="Epson-L3110")
    assert (picked_printer(settings), chosen_printer(settings)) == (None, "Epson-L3110")
    pick_printer(settings, "HP-LaserJet-Lantai-2")
    assert chosen_printer(settings) == "HP-LaserJet-Lantai-2"
    assert settings.printer_choice_path.parent == settings.data_dir  # this terminal's own
    pick_printer(settings, None)
    pick_printer(settings, None)  # nothing left to drop: no error
    assert chosen_printer(settings) == "Epson-L3110"
    assert chosen_printer(Settings(data_dir=tmp_path / "other")) is None  # system default


@pytest.mark.parametrize("content", [b"HP" * 50_000, b"HP\nLantai-2", b"HP\x00", b"\xff\xfe",
                                     "HP\u202eLantai".encode(), b"  \n"])
def test_a_damaged_printer_choice_is_ignored(tmp_path: Path, content: bytes) -> None:
    settings = Settings(data_dir=tmp_path, printer="Epson-L3110")
    settings.printer_choice_path.write_bytes(content)
    assert chosen_printer(settings) == "Epson-L3110"


def test_a_printer_choice_that_cannot_be_saved_says_where(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        pick_printer(Settings(data_dir=blocked), "HP-LaserJet-Lantai-2")
    assert "not-a-folder" in caught.value.text("id")
def test_backups_default_to_the_data_folder_and_can_go_elsewhere(tmp_path: Path) -> None:
    settings = settings_from_mapping({"data_dir": str(tmp_path)})
    assert settings.backup_folder == tmp_path / "backups"
    assert settings.backup_keep == 14 and settings.backup_clock() == dt.time(1, 30)
    moved = settings_from_mapping({"backup_dir": "~/nas/pintu", "backup_time": "23:05"})
    assert moved.backup_folder == Path("~/nas/pintu").expanduser()
    assert moved.backup_clock() == dt.time(23, 5)
    assert settings_from_mapping({"backup_time": "off"}).backup_clock() is None


def test_notify_targets_are_addresses_and_their_servers_are_set(tmp_path: Path) -> None:
    settings = settings_from_mapping({"day_end": "17:30", "notify": {
        "mail_server": "mailtos://pintu:rahasia@mail.kota.go.id:587?from=pintu@kota.go.id",
        "telegram_bot": "tgram://123456:ABCdef",
        "supervisor_targets": ["Kasi.Jaringan@kota.go.id", "telegram:-1001234"],
        "units": [{"name": " Seksi  Jaringan dan Data Center ",
                   "targets": ["jaringan@kota.go.id", "jaringan@kota.go.id"]}]}})
    notify = settings.notify
    assert notify.supervisor_targets == ("kasi.jaringan@kota.go.id", "telegram:-1001234")
    assert notify.units[0].targets == ("jaringan@kota.go.id",)
    assert notify.unit("seksi jaringan DAN data center") is notify.units[0]
    assert notify.unit("Pak Hendra") is None
    assert settings.day_end_time.hour == 17
    again = settings_from_mapping(tomllib.loads(render_toml(settings)))
    assert again == settings


@pytest.mark.parametrize(("notify", "message"), [
    ({"units": [{"name": "A", "targets": ["a@kota.go.id"]}]}, "needs notify.mail_server"),
    ({"telegram_bot": "tgram://1:x", "supervisor_targets": ["a@kota.go.id"]},
     "needs notify.mail_server"),
    ({"mail_server": "smtp://mail", "units": []}, "must be a URL starting with"),
    ({"mail_server": "mailto://mail", "supervisor_targets": [
        "mailtos://u:p@mail?to=a@kota.go.id"]}, "telegram:<chat id>"),
    ({"mail_server": "mailto://mail", "units": [{"name": "A", "targets": []},
                                                 {"name": "a", "targets": []}]},
     "same name"),
    ({"mail_server": "mailto://mail", "units": [{"name": "A"}]}, "name and targets"),
    ({"sender": "x"}, "notify.sender"),
])
def test_bad_notify_settings_name_the_problem(notify: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping({"notify": notify})
    assert message in caught.value.text("en")


@pytest.mark.parametrize("day_end", ["24:00", "6pm", "18:00+07:00", "18"])
def test_a_bad_day_end_is_refused(day_end: str) -> None:
    with pytest.raises(ConfigError, match="day_end"):
        settings_from_mapping({"day_end": day_end})


def test_the_site_keeps_the_sops_own_clock_unless_told() -> None:
    assert Settings().timezone == "Asia/Pontianak"
    assert Settings().zone == ZoneInfo("Asia/Pontianak")


@pytest.mark.parametrize(("timezone", "zone"), [
    ("WIB", "Asia/Jakarta"), ("WITA", "Asia/Makassar"), ("WIT", "Asia/Jayapura"),
    ("wit", "Asia/Jayapura"), ("Asia/Pontianak", "Asia/Pontianak"), ("UTC", "UTC"),
])
def test_indonesias_zones_go_by_their_names_or_any_by_its_iana_name(timezone: str,
                                                                     zone: str) -> None:
    assert settings_from_mapping({"timezone": timezone}).zone == ZoneInfo(zone)


@pytest.mark.parametrize("timezone", [
    "WITT", "Asia/Nowhere", "asia/jakarta", "", "/etc/localtime", "../zoneinfo/UTC",
    "localtime", "+07:00", "Asia/Jakarta\u202e", "W" * 100_000,
])
def test_a_zone_that_is_no_place_is_refused(timezone: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping({"timezone": timezone})
    assert caught.value.text("en") == (
        "timezone must be WIB, WITA, WIT or a time zone name such as Asia/Jayapura.")
    assert caught.value.text("id") == (
        "timezone harus WIB, WITA, WIT atau nama zona waktu seperti Asia/Jayapura.")


def test_a_zone_that_is_not_text_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping({"timezone": 7})
    assert caught.value.text("en") == "timezone must be text."
