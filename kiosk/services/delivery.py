"""Handing one message to the office's mail server or Telegram, through Apprise.

The recipient is an address (``kiosk.domain.notices.recipient``); the server it goes
through comes from ``[notify]`` at the moment of sending, so correcting a password in the
configuration lets every waiting message go out. Apprise reports failures by logging, not
by raising; the warnings it keeps with its result become the error the supervisor reads.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import apprise

from kiosk.config import NotifySettings
from kiosk.domain import notices
from kiosk.errors import KnownError

#: The longest error kept with a message.
ERROR_MAX = 300


class DeliveryFailed(KnownError):
    """The message did not go: the server was unreachable, refused it, or is not set up."""


def channel_url(notify: NotifySettings, target: str) -> str:
    """The Apprise URL that reaches ``target``: the configured server plus the address."""
    if notices.is_telegram(target):
        if not notify.telegram_bot:
            raise DeliveryFailed("No Telegram bot is configured (notify.telegram_bot).")
        chat = target[len(notices.TELEGRAM_PREFIX):]
        return f"{notify.telegram_bot.rstrip('/')}/{chat}"
    if not notify.mail_server:
        raise DeliveryFailed("No mail server is configured (notify.mail_server).")
    parts = urlsplit(notify.mail_server)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "to"] + [("to", target)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def deliver(notify: NotifySettings, target: str, subject: str, body: str) -> None:
    """Send one plain-text message now; raises ``DeliveryFailed`` saying why not."""
    sender = apprise.Apprise()
    if not sender.add(channel_url(notify, target)):
        raise DeliveryFailed("The notify settings for {target} are not a URL Apprise "
                             "understands.", target=target)
    result = sender.notify(body=body, title=notices.safe_line(subject, notices.SUBJECT_MAX),
                           body_format=apprise.NotifyFormat.TEXT)
    if not result:
        raise DeliveryFailed("Not sent: {reason}", reason=_reason(result))


def _reason(result: Any) -> str:
    """The warnings Apprise kept while it tried (it reports failures by logging)."""
    lines = [entry.message for service in result.results for attempt in service.attempts
             for entry in attempt.logs]
    text = " ".join(dict.fromkeys(lines)) or "The server did not accept the message."
    return notices.safe_line(text, ERROR_MAX)
