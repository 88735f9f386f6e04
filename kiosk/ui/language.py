"""The language switch: one notifier every screen listens to, to re-translate itself.

Strings come from ``kiosk.i18n.tr``; a screen sets its texts in a ``retranslate`` method
and connects it to ``language().changed``, so switching mid-form keeps what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.i18n import current_language, set_language
from kiosk.ui.qt_translation import follow_language


class LanguageNotifier(QObject):
    changed = Signal(str)

    def switch(self, language: str) -> None:
        if language == current_language():
            return
        set_language(language)
        follow_language()
        self.changed.emit(language)


_notifier: LanguageNotifier | None = None


def language() -> LanguageNotifier:
    global _notifier
    if _notifier is None:
        _notifier = LanguageNotifier()
    return _notifier
