"""``pintu notify``: check the mail server and Telegram before relying on them, and read
the state of the outbox from a shell."""

from __future__ import annotations

import argparse

from kiosk.config import Settings
from kiosk.domain import notices
from kiosk.formats import datetime_text
from kiosk.i18n import tr
from kiosk.services import delivery, outbox
from kiosk.services.store import open_database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("notify", help="messages to the people inside")
    actions = parser.add_subparsers(dest="notify_command", metavar="ACTION", required=True)
    test = actions.add_parser("test", help="send a test message now, through [notify]")
    test.add_argument("target", help="an e-mail address or telegram:<chat id>")
    test.set_defaults(handler=_test)
    actions.add_parser("status", help="messages waiting, sent and failed").set_defaults(
        handler=_status)


def _test(args: argparse.Namespace, settings: Settings) -> int:
    """Sent at once, not queued: the answer is the server's, while the person waits."""
    target = notices.recipient(args.target)
    language = settings.default_language
    delivery.deliver(settings.notify, target,
                     notices.safe_line(tr("Test message from Pintu at {site}",
                                          site=settings.site_name)),
                     tr("If you can read this, {terminal} can reach you.",
                        terminal=settings.terminal_name))
    print(tr("Sent to {target} (messages are written in {language}).", target=target,
             language=language))
    return 0


def _status(_args: argparse.Namespace, settings: Settings) -> int:
    state = outbox.outbox_state(open_database(settings))
    last = datetime_text(state.last_sent_at)
    print(tr("Waiting: {waiting}  Failed in the last day: {failed}  Last sent: {last}",
             waiting=state.waiting, failed=state.failed, last=last))
    if state.last_error:
        print(tr("Last problem: {error}", error=state.last_error))
    return 0
