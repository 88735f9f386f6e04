from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from kiosk.domain.tokens import TokenKind, issue_token
from kiosk.scan.decoders import Symbology
from kiosk.scan.payloads import NikScan, ScanMode, SerialScan, TokenScan
from kiosk.scan.scanner import CodeScanner
from tests.support.synthetic import Conditions, code_frame, empty_frame


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_code_held_up_is_reported_once(secret: bytes, rng: np.random.Generator) -> None:
    payload = issue_token(secret, TokenKind.VISIT, 8, datetime.now(UTC) + timedelta(hours=2))
    frame = code_frame(payload, Conditions(module_px=5), rng)
    empty = empty_frame(Conditions(), rng)
    clock = Clock()
    scanner = CodeScanner(secret, mode=ScanMode.BADGE_RETURN, dedupe_seconds=3, clock=clock)
    events = scanner.scan(frame)
    assert len(events) == 1 and isinstance(events[0].result, TokenScan)
    for _ in range(10):  # held for 5 s: still one report
        clock.now += 0.5
        assert scanner.scan(frame) == []
    clock.now += 3.5
    assert scanner.scan(empty) == []
    clock.now += 0.1
    assert len(scanner.scan(frame)) == 1  # taken away and shown again


def test_mode_decides_symbologies_and_meaning(secret: bytes, rng: np.random.Generator) -> None:
    label = code_frame("SN-ABC12345", Conditions(module_px=3.5), rng, Symbology.CODE128)
    nik = code_frame("NIK: 6171054509900012", Conditions(module_px=5), rng)
    scanner = CodeScanner(secret, mode=ScanMode.IDENTITY)
    assert scanner.scan(label) == []
    [event] = scanner.scan(nik)
    assert isinstance(event.result, NikScan)
    scanner.set_mode(ScanMode.DEVICES)
    [event] = scanner.scan(label)
    assert event.result == SerialScan("SN-ABC12345", Symbology.CODE128)
    [event] = scanner.scan(nik)  # the same code counts as new on a new screen
    assert isinstance(event.result, SerialScan)
