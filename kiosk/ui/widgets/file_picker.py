"""Staff pick a CSV file to import or a folder to export a report to, and nothing more.

Qt's own file dialog (the kiosk uses it rather than the desktop's so it speaks the kiosk's
language) can rename and delete files from its context menu, make folders, and browse the
whole disk. At a kiosk in the server room that is a file manager nobody meant to install.
So the dialog opens read-only (Qt then offers no rename, delete or new folder: the
context menu's actions are disabled and the "New Folder" button is hidden), starts on a
removable drive when one is plugged in (else the home folder), lists only those places
in its side bar, and goes back to them when someone types or clicks their way elsewhere.

Qt's dialog rather than a picker of our own: it already reads the kiosk's language, sorts,
filters by type and walks into the folders of a USB stick, which a home-made list would
have to copy; the read-only option takes away exactly what must not be there.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QStorageInfo, QUrl
from PySide6.QtWidgets import QFileDialog, QToolButton, QWidget

#: Where Linux desktops and fstab entries mount USB sticks and other removable drives.
REMOVABLE_ROOTS = (Path("/media"), Path("/run/media"), Path("/mnt"))


def removable_drives() -> list[Path]:
    """The drives mounted now where staff may read or write files: under /media, /run/media
    or /mnt on Linux, every drive letter on Windows."""
    drives = []
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady():
            continue
        root = Path(volume.rootPath())
        if sys.platform == "win32" or any(_inside(root, base) for base in REMOVABLE_ROOTS
                                          if root != base):
            drives.append(root)
    return sorted(set(drives))


def staff_places() -> list[Path]:
    """Where the dialog may go, first the place it opens on: a plugged-in drive, then home."""
    return [*removable_drives(), Path.home()]


def _inside(path: Path, base: Path) -> bool:
    try:
        path.resolve().relative_to(base.resolve())
    except (OSError, ValueError):
        return False
    return True


class StaffFileDialog(QFileDialog):
    """A read-only Qt file dialog kept to ``places`` (``staff_places()`` unless given)."""

    def __init__(self, parent: QWidget | None, title: str, *, folder: bool,
                 name_filter: str = "", places: Sequence[Path] | None = None) -> None:
        super().__init__(parent, title)
        self._places = list(places) if places is not None else staff_places()
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setOption(QFileDialog.Option.ReadOnly, True)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        if folder:
            self.setFileMode(QFileDialog.FileMode.Directory)
            self.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            self.setFileMode(QFileDialog.FileMode.ExistingFile)
            self.setNameFilter(name_filter)
        self.setSidebarUrls([QUrl.fromLocalFile(str(place)) for place in self._places])
        # Read-only already disables it; hidden, it is not in the context menu either.
        new_folder = self.findChild(QToolButton, "newFolderButton")
        if new_folder is not None:
            new_folder.setVisible(False)
        self.setDirectory(str(self._places[0]))
        self.directoryEntered.connect(self._stay_inside)

    def allowed(self, path: str | Path) -> bool:
        return any(_inside(Path(path), place) for place in self._places)

    def _stay_inside(self, directory: str) -> None:
        if not self.allowed(directory):
            self.setDirectory(str(self._places[0]))

    def accept(self) -> None:  # an override of Qt's
        """A path typed into the name field is checked too, not only where one browsed."""
        if all(self.allowed(path) for path in self.selectedFiles()):
            super().accept()
        else:
            self.setDirectory(str(self._places[0]))

    def chosen(self) -> Path | None:
        """Run the dialog; the file or folder chosen, or None."""
        if self.exec() != QFileDialog.DialogCode.Accepted or not self.selectedFiles():
            return None
        return Path(self.selectedFiles()[0])
