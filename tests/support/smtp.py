"""A real SMTP server on this machine for the tests of the outbox (aiosmtpd).

It accepts every message and keeps it, so a test reads exactly what the office's mail
server would have received. It can be told its port before it starts, to play a mail
server that is down and then comes up.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Delivered:
    """One message as the server received it: its envelope and its parsed content."""

    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())

    @property
    def raw(self) -> str:
        return self.message.as_string()


class _Keeper:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.delivered: list[Delivered] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.lock:
            self.delivered.append(Delivered(envelope.mail_from, tuple(envelope.rcpt_tos),
                                            parsed))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class MailServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self._keeper = _Keeper()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        """The ``[notify] mail_server`` that reaches this server (plain SMTP, no login)."""
        return f"mailto://127.0.0.1:{self.port}?from=pintu@kota.go.id"

    def start(self) -> MailServer:
        self._controller = Controller(self._keeper, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def delivered(self) -> list[Delivered]:
        with self._keeper.lock:
            return list(self._keeper.delivered)

    def to(self, address: str) -> list[Delivered]:
        return [d for d in self.delivered() if address in d.recipients]
