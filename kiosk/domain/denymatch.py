"""Is this visitor on the deny list? Sure matches by ID number, possible ones by name.

A dash, a space, lower case or another ID type must not let a denied person through, and
a denied person who shows a different document should not pass unnoticed either. Two
levels, each with its own consequence at the desk (``kiosk.services.visits.approve``):

* **Sure match**: the visitor's ID number is an entry's number. Numbers are compared by
  ``number_key`` (upper-case ASCII letters and digits only), so "a1234567",
  "A-123 4567" and "A.1234567" are one number, and a NIK typed with dots or spaces is
  its 16 digits. The number matches whatever ID type either side chose (a passport
  number entered as "other" is still that passport), as long as it has at least
  ``CROSS_TYPE_MIN_LENGTH`` letters and digits: a short staff number like "1234" is too
  likely to be someone else's SIM or employee number, so it matches only on the same ID
  type. A sure match needs a supervisor's override with a reason, and it is what the
  reports count as a deny hit.
* **Possible match**: a similar name together with the same birth date (and sex) read
  from both NIKs, or a near-identical name where one side has no NIK to compare. Names
  are compared without case, diacritics, punctuation or word order ("Santoso Budi" is
  "Budi Santoso"; "Ṣafiyyah" is "Safiyyah"). The rule, with the thresholds below:

  - both sides have a NIK birth date: it fires when the dates (and sexes) are equal and
    the names score at least ``NAME_WITH_BIRTH_DATE``; different birth dates never fire,
    however similar the names (the NIKs say they are two people), and the same birth
    date never fires with a different name (one person in 365 shares it);
  - one side has no NIK (a passport, a SIM, an entry added without one): it fires only
    for names scoring at least ``NAME_ALONE``.

  A possible match is shown to the operator with the reason it fired; approving then
  needs the operator's acknowledgement that the card and face were compared (audited),
  not a supervisor: common names would otherwise stop the desk many times a day.

Everything here is plain functions over records, so the rule is tested without a database.
The keys of numbers and names and a NIK's birth facts are pure functions of their text,
remembered for the entries seen again at every approval; an entry whose NIK gives another
birth date is passed over before any name is compared.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from kiosk.domain.nik import NIK_LENGTH, Sex, parse_nik
from kiosk.domain.records import DenyRecord
from kiosk.domain.types import IdType
from kiosk.errors import ValidationError
from kiosk.formats import short_date
from kiosk.i18n import N_, translate

#: A number with at least this many letters and digits matches across ID types. Six keeps
#: every passport (8-9), NIK (16), SIM (12-14) and KITAS number, and leaves out the short
#: staff and visitor numbers that different people share across schemes.
CROSS_TYPE_MIN_LENGTH = 6
#: Name score (0-100, rapidfuzz token-sort ratio) that makes a possible match when both
#: NIKs give the same birth date and sex. 85 catches one changed letter in a short name
#: ("Budi Santosa"/"Budi Santoso" = 91) and reordered names (100), and leaves out another
#: family or given name ("Budi Susanto"/"Budi Santoso" = 83, "Budi Hartono" = 75).
NAME_WITH_BIRTH_DATE = 85
#: Name score that makes a possible match on its own, when one side has no birth date:
#: essentially the same name (reordered, accents or case aside, at most one slip in a
#: long name, "Budhi Santoso" = 96), since nothing else speaks for it.
NAME_ALONE = 95

_NOT_KEY = re.compile("[^A-Z0-9]")
#: Keys and birth facts remembered: the deny list's entries and the day's visitors.
_REMEMBERED = 4096

# The score is passed as "92%": a per cent sign in the message would read as a printf
# conversion to gettext tools.
SAME_BIRTH_DATE = N_("Name {score} similar to '{name}' on the deny list; same birth date "
                     "{date}.")
NO_BIRTH_DATE = N_("Name {score} similar to '{name}' on the deny list; no birth date to "
                   "compare.")


@lru_cache(maxsize=_REMEMBERED)
def number_key(raw: str) -> str:
    """An ID number reduced to what identifies it: upper-case ASCII letters and digits.

    Full-width and other compatibility forms fold first, so "Ａ１２" is "A12".
    """
    return _NOT_KEY.sub("", unicodedata.normalize("NFKC", raw).upper())


def same_number(id_type: IdType, key: str, other_type: IdType, other_key: str) -> bool:
    """Whether two ``number_key`` values name one document (the sure-match rule)."""
    if not key or key != other_key:
        return False
    return id_type is other_type or len(key) >= CROSS_TYPE_MIN_LENGTH


@lru_cache(maxsize=_REMEMBERED)
def name_key(raw: str) -> str:
    """A name without case, diacritics, punctuation or extra spaces, for comparing."""
    decomposed = unicodedata.normalize("NFKD", raw)
    letters = "".join(ch if ch.isalnum() else " " for ch in decomposed
                      if unicodedata.category(ch) != "Mn")
    return " ".join(letters.casefold().split())


def name_similarity(first: str, second: str) -> int:
    """0-100: how alike two names are, whatever their word order.

    When both names have two or more words, one that holds all the words of the other
    ("Muhammad Budi Santoso" and "Budi Santoso") scores 100 too: a denied person does
    not get past by adding a name. A single word never does ("Budi").
    """
    a, b = name_key(first), name_key(second)
    if not a or not b:
        return 0
    score = fuzz.token_sort_ratio(a, b)
    if min(len(a.split()), len(b.split())) >= 2:
        score = max(score, fuzz.token_set_ratio(a, b))
    return int(score)


@lru_cache(maxsize=_REMEMBERED)
def birth_facts(id_type: IdType, number: str) -> tuple[dt.date, Sex] | None:
    """Birth date and sex from a NIK: a KTP's number, or a 16-digit number entered under
    another type (a NIK is still a NIK). None when there is no valid NIK."""
    key = number_key(number)
    if id_type is not IdType.KTP and not (len(key) == NIK_LENGTH and key.isdigit()):
        return None
    try:
        info = parse_nik(key)
    except ValidationError:
        return None
    return info.birth_date, info.sex


@dataclass(frozen=True)
class PossibleMatch:
    """A deny-list entry this visitor may be, and why the operator is told."""

    entry: DenyRecord
    name_score: int
    birth_date: dt.date | None  # the birth date both NIKs share, when both had one

    def text(self, language: str | None = None) -> str:
        if self.birth_date is None:
            return translate(NO_BIRTH_DATE, language, score=f"{self.name_score}%",
                             name=self.entry.full_name)
        return translate(SAME_BIRTH_DATE, language, score=f"{self.name_score}%",
                         name=self.entry.full_name,
                         date=short_date(self.birth_date, language))


@dataclass(frozen=True)
class DenyCheck:
    """What the deny list says about one visitor."""

    sure: DenyRecord | None = None
    possible: tuple[PossibleMatch, ...] = ()


def sure_match(id_type: IdType, number: str,
               entries: Iterable[DenyRecord]) -> DenyRecord | None:
    """The first entry whose number is this visitor's (see ``same_number``)."""
    key = number_key(number)
    return next((e for e in entries
                 if same_number(id_type, key, e.id_type, number_key(e.id_number))), None)


def possible_matches(full_name: str, id_type: IdType, number: str,
                     entries: Iterable[DenyRecord]) -> tuple[PossibleMatch, ...]:
    """Entries this visitor may be by name and birth date, best first (see the module)."""
    mine = birth_facts(id_type, number)
    key = number_key(number)
    found = []
    for entry in entries:
        if not entry.full_name or same_number(id_type, key, entry.id_type,
                                              number_key(entry.id_number)):
            continue
        theirs = birth_facts(entry.id_type, entry.id_number)
        if mine is not None and theirs is not None:
            if mine != theirs:
                continue  # two people, whatever their names: no need to compare them
            birth, needed = mine[0], NAME_WITH_BIRTH_DATE
        else:
            birth, needed = None, NAME_ALONE
        score = name_similarity(full_name, entry.full_name)
        if score >= needed:
            found.append(PossibleMatch(entry, score, birth))
    return tuple(sorted(found, key=lambda m: (-m.name_score, m.entry.id)))


def check_visitor(full_name: str, id_type: IdType, number: str,
                  entries: Iterable[DenyRecord]) -> DenyCheck:
    """Both levels at once, over the active entries."""
    active = list(entries)
    return DenyCheck(sure_match(id_type, number, active),
                     possible_matches(full_name, id_type, number, active))
