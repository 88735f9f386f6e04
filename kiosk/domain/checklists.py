"""Maintenance checklists (SOP Pemeliharaan Server / Genset) as data, not code.

The checklists live in a TOML file (``assets/checklists.toml`` unless the configuration
names another) so a data center can adapt the items to its own SOP without a new release.
A purpose names its checklist (``Purpose.checklist``); the technician answers every item
at the desk before check-out, and the answers are stored with the visit as a flat mapping
``{item key: True/False (check: OK or problem) or text (reading)}`` for the archived form.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from kiosk.config import ConfigError, Settings
from kiosk.domain.validation import clean_text
from kiosk.errors import ValidationError
from kiosk.i18n import DEFAULT_LANGUAGE, current_language, translate
from kiosk.resources import asset_path

READING_MAX = 120


class ItemKind(StrEnum):
    CHECK = "check"  # answered OK (True) or problem (False)
    READING = "reading"  # a measured value, written as text


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    kind: ItemKind
    labels: Mapping[str, str]
    hints: Mapping[str, str]
    sop_step: int | None = None

    def label(self, language: str | None = None) -> str:
        return _pick(self.labels, language)

    def hint(self, language: str | None = None) -> str:
        return _pick(self.hints, language) if self.hints else ""


@dataclass(frozen=True)
class Checklist:
    name: str
    titles: Mapping[str, str]
    items: tuple[ChecklistItem, ...]

    def title(self, language: str | None = None) -> str:
        return _pick(self.titles, language)


def _pick(texts: Mapping[str, str], language: str | None) -> str:
    lang = language or current_language()
    return texts.get(lang) or texts.get(DEFAULT_LANGUAGE) or next(iter(texts.values()), "")


def checklists_path(settings: Settings) -> Path:
    if settings.checklists_file:
        return Path(settings.checklists_file).expanduser()
    return asset_path("checklists.toml")


def load_checklists(settings: Settings) -> dict[str, Checklist]:
    """Every checklist in the configured file, by name."""
    return dict(_load(checklists_path(settings)))


@cache
def _load(path: Path) -> tuple[tuple[str, Checklist], ...]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError("Cannot read the checklists file {path}: {reason}",
                          path=str(path), reason=str(exc)) from exc
    return tuple((name, _checklist(name, table, path)) for name, table in raw.items())


def _checklist(name: str, table: Any, path: Path) -> Checklist:
    try:
        items = tuple(
            ChecklistItem(key=str(item["key"]), kind=ItemKind(item["kind"]),
                          labels=_texts(item["label"]),
                          hints=_texts(item["hint"]) if "hint" in item else {},
                          sop_step=item.get("sop_step"))
            for item in table["items"]
        )
        titles = _texts(table["title"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError("The checklist {name} in {path} is incomplete: {reason}",
                          name=name, path=str(path), reason=str(exc)) from exc
    keys = [item.key for item in items]
    if not items or len(set(keys)) != len(keys):
        raise ConfigError("The checklist {name} in {path} needs items with distinct keys.",
                          name=name, path=str(path))
    return Checklist(name, titles, items)


def _texts(raw: Any) -> dict[str, str]:
    if isinstance(raw, str):
        return {DEFAULT_LANGUAGE: raw}
    if not isinstance(raw, dict) or not raw:
        raise ValueError("a label needs at least one language")
    return {str(lang): str(text) for lang, text in raw.items()}


def checklist_for(settings: Settings, purpose_key: str) -> Checklist | None:
    """The checklist the technician fills for this purpose, if it has one."""
    purpose = settings.purpose(purpose_key)
    if purpose is None or not purpose.checklist:
        return None
    found = load_checklists(settings).get(purpose.checklist)
    if found is None:
        raise ConfigError("The purpose {purpose} names the checklist {name}, which is not in "
                          "the checklists file.", purpose=purpose.key, name=purpose.checklist)
    return found


def clean_answers(checklist: Checklist, answers: Mapping[str, object]) -> dict[str, object]:
    """Every item answered: a check as OK/problem, a reading as short text."""
    cleaned: dict[str, object] = {}
    for item in checklist.items:
        value = answers.get(item.key)
        if item.kind is ItemKind.CHECK:
            if not isinstance(value, bool):
                raise ValidationError("checklist", "Answer “{item}”: OK or problem.",
                                      item=item.label())
            cleaned[item.key] = value
        else:
            text = clean_text(value) if isinstance(value, str) else ""
            if not text:
                raise ValidationError("checklist", "Write what you measured for “{item}”.",
                                      item=item.label())
            if len(text) > READING_MAX:
                raise ValidationError("checklist", "Please keep this under {max} characters.",
                                      max=READING_MAX)
            cleaned[item.key] = text
    return cleaned


def has_problem(checklist: Checklist, answers: Mapping[str, object]) -> bool:
    """A check answered "problem" means a problem was found, whatever the flag says."""
    return any(answers.get(item.key) is False for item in checklist.items
               if item.kind is ItemKind.CHECK)


def answer_lines(checklist: Checklist, stored: Mapping[str, object] | None,
                 language: str | None = None) -> list[tuple[str, str]]:
    """(label, answer) pairs for the archived form and the visit detail, in ``language``."""
    stored = stored or {}
    lines = []
    for item in checklist.items:
        value = stored.get(item.key)
        if value is True:
            answer = translate("OK", language)
        elif value is False:
            answer = translate("Problem", language)
        elif value in (None, ""):
            answer = "-"
        else:
            answer = str(value)
        lines.append((item.label(language), answer))
    return lines
