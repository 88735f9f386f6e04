"""What every screen needs from the running app, handed down once at start."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Settings
from kiosk.services.store import Store


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    db: Store
    token_secret: bytes
    camera: str  # the camera spec in use: index, device path, file, or "none"

    @property
    def archive_dir(self) -> Path:
        return self.settings.archive_dir
