"""The messages the door sends to people inside: who they go to and what they say.

Four events are told: a visitor has arrived (to the unit being visited, and to the staff
member who pre-registered the visit), the escort was named (to the escort), a visitor is
inside longer than allowed, and a visit is still open at the end of the day (both to the
unit, the host, the escort and the supervisor).

A message carries the visit number, the visitor's name and organisation, the purpose and
the time, never an ID number or a phone number: e-mail and chat leave the office's
control, and anyone on a distribution list reads them. Everything a visitor typed is
cleaned to one line and runs of digits in free text are blanked, so a NIK typed into the
organisation field does not travel either.

A recipient is an e-mail address or ``telegram:<chat id>``, never a URL: the mail server's
and the bot's credentials stay in the configuration file (``[notify]``), not in staff
records or in the queue of messages waiting to go out.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from kiosk.domain.validation import clean_text
from kiosk.errors import ValidationError
from kiosk.i18n import N_, translate

#: Longest subject line; mail clients cut long ones anyway, and a header must stay short.
SUBJECT_MAX = 150
#: Longest single field quoted in a message body.
FIELD_MAX = 200
#: Longest recipient (RFC 5321 allows 254 characters in an address).
RECIPIENT_MAX = 254
TELEGRAM_PREFIX = "telegram:"

#: The addresses offices hand out; rarer legal characters would only widen what reaches
#: the mail server's URL.
_EMAIL = re.compile(r"^[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
_TELEGRAM_CHAT = re.compile(r"^(?:-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$")
#: Six or more digits, possibly split by single spaces, dots or dashes: an ID number, a
#: phone number or a date typed into a free-text field.
_DIGIT_RUN = re.compile(r"\d(?:[ .\-]?\d){5,}")


class NoticeKind(enum.StrEnum):
    ARRIVAL = "arrival"
    ESCORT = "escort"
    OVERSTAY = "overstay"
    DAY_END = "day_end"


NOTICE_LABELS: dict[NoticeKind, str] = {
    NoticeKind.ARRIVAL: N_("Arrival"),
    NoticeKind.ESCORT: N_("Escort"),
    NoticeKind.OVERSTAY: N_("Overstay"),
    NoticeKind.DAY_END: N_("Open at day end"),
}


def recipient(value: str, field: str = "notify_target") -> str:
    """An e-mail address or ``telegram:<chat id>``, cleaned; anything else is refused.

    A URL is refused on purpose: it would carry a password or a bot token into the
    database. E-mail addresses are compared and stored in lower case.
    """
    text = clean_text(value)
    if len(text) > RECIPIENT_MAX or " " in text:
        raise ValidationError(field, "Enter one e-mail address or telegram:<chat id>.")
    if text.lower().startswith(TELEGRAM_PREFIX):
        chat = text[len(TELEGRAM_PREFIX):]
        if _TELEGRAM_CHAT.match(chat):
            return TELEGRAM_PREFIX + chat
        raise ValidationError(field, "A Telegram chat id is a number (groups start with -100) "
                                     "or @channel_name.")
    if _EMAIL.match(text) and ".." not in text and "." in text.split("@")[1]:
        return text.lower()
    raise ValidationError(field, "Enter one e-mail address or telegram:<chat id>.")


def is_telegram(target: str) -> bool:
    return target.startswith(TELEGRAM_PREFIX)


def safe_line(value: str, limit: int = FIELD_MAX) -> str:
    """One line of text fit for a header or a message: no control or invisible characters
    (so no header injection), no line breaks, at most ``limit`` characters."""
    line = clean_text(value)
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def blank_numbers(value: str) -> str:
    """Free text with runs of digits blanked, for a field that should hold none."""
    return _DIGIT_RUN.sub("…", value)


@dataclass(frozen=True)
class NoticeFacts:
    """What a message may say about a visit: nothing here identifies the visitor's papers."""

    number: str
    full_name: str
    organisation: str
    purpose: str  # the purpose's label, already in the message's language
    purpose_text: str
    pic: str
    site: str
    terminal: str
    day: str  # the local date, e.g. 14/03/2026
    time: str  # the local time the event refers to, e.g. 10:42
    planned_minutes: int
    escort: str = ""
    inside_minutes: int = 0


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


_SUBJECTS: dict[NoticeKind, str] = {
    NoticeKind.ARRIVAL: N_("Visitor for {pic}: {name} ({organisation})"),
    NoticeKind.ESCORT: N_("You escort {name} ({organisation}), visit {number}"),
    NoticeKind.OVERSTAY: N_("Still inside: {name} ({organisation}), visit {number}"),
    NoticeKind.DAY_END: N_("Open at day end: {name} ({organisation}), visit {number}"),
}

_OPENINGS: dict[NoticeKind, str] = {
    NoticeKind.ARRIVAL: N_("{name} of {organisation} has filled in the visit form at "
                           "{terminal} at {time} and is waiting for the operator."),
    NoticeKind.ESCORT: N_("You were named the escort of {name} of {organisation} at {time}. "
                          "Please accompany the visitor in the server room at all times."),
    NoticeKind.OVERSTAY: N_("{name} of {organisation} has been inside for {minutes} minutes "
                            "since {time}; {planned} minutes were planned."),
    NoticeKind.DAY_END: N_("The visit of {name} of {organisation}, begun at {time}, is "
                           "still open at the end of the day. Please check the visitor out "
                           "or close the visit."),
}


def compose(kind: NoticeKind, facts: NoticeFacts, language: str) -> Message:
    """The subject and plain-text body of one message, in ``language``."""
    name = safe_line(blank_numbers(facts.full_name))
    organisation = safe_line(blank_numbers(facts.organisation))
    pic = safe_line(blank_numbers(facts.pic))
    params = {"name": name, "organisation": organisation, "pic": pic,
              "number": facts.number, "terminal": safe_line(facts.terminal),
              "time": facts.time, "planned": facts.planned_minutes,
              "minutes": facts.inside_minutes}
    subject = safe_line(translate(_SUBJECTS[kind], language, **params), SUBJECT_MAX)
    purpose = safe_line(facts.purpose)
    details = safe_line(blank_numbers(facts.purpose_text), 2 * FIELD_MAX)
    lines = [
        translate(_OPENINGS[kind], language, **params),
        "",
        translate("Visit number: {number}", language, number=facts.number),
        translate("Date: {day}", language, day=facts.day),
        translate("Purpose: {purpose}", language,
                  purpose=f"{purpose} – {details}" if details else purpose),
        translate("Person or unit visited: {pic}", language, pic=pic),
    ]
    if facts.escort:
        lines.append(translate("Escort: {escort}", language, escort=safe_line(facts.escort)))
    lines += ["", translate("Sent by Pintu at {site}.", language, site=safe_line(facts.site))]
    return Message(subject, "\n".join(lines))
