"""PyInstaller runtime hook: let pyzbar find the libzbar shipped inside the bundle.

pyzbar looks the library up with ``ctypes.util.find_library("zbar")``, which on Linux asks
the system's ldconfig cache; the bundle's own copy is never in it, and the office PC may
not have ``libzbar0`` installed at all. So, in the frozen app only, that one lookup answers
with the bundled file. Every other name goes to the real ``find_library``.
"""

from __future__ import annotations

import ctypes.util
import os
import sys

_BUNDLED = os.path.join(getattr(sys, "_MEIPASS", ""), "libzbar.so.0")

if os.path.exists(_BUNDLED):
    _system_find_library = ctypes.util.find_library

    def _find_library(name: str) -> str | None:
        if name == "zbar":
            return _BUNDLED
        return _system_find_library(name)

    ctypes.util.find_library = _find_library
