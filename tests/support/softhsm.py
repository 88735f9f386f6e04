"""A SoftHSM2 token standing in for an office's electronic-signature token (PKCS#11).

The test setup makes a token in a temporary folder with ``softhsm2-util``, then imports a
key and its certificate through python-pkcs11, as an office's CA would have put them on a
USB token. ``SOFTHSM2_CONF`` must point at the folder's configuration before anything in
the process loads the library, and stays set for child processes (``pintu`` commands).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from kiosk.config import Settings
from tests.support.certificates import Issued

#: Where Debian's libsofthsm2 puts the module.
MODULES = ("/usr/lib/softhsm/libsofthsm2.so",
           "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
           "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so")
SO_PIN = "87654321"


class SoftHsmUnavailable(Exception):
    """SoftHSM2 is not installed (``scripts/system-deps.sh test`` installs it)."""


@dataclass(frozen=True)
class Token:
    module: str
    label: str
    key_label: str
    pin: str


def module_path() -> str:
    for candidate in MODULES:
        if Path(candidate).exists():
            return candidate
    raise SoftHsmUnavailable("libsofthsm2.so not found (Debian package softhsm2)")


def make_token(folder: Path, issued: Issued, label: str = "Pintu Test",
               key_label: str = "Segel", pin: str = "123456") -> Token:
    """A fresh token holding ``issued``'s key (private, sensitive, can sign) and
    certificate under ``key_label``."""
    module = module_path()
    tool = shutil.which("softhsm2-util")
    if tool is None:
        raise SoftHsmUnavailable("softhsm2-util not found (Debian package softhsm2)")
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n"
                      "log.level = ERROR\n", encoding="utf-8")
    os.environ["SOFTHSM2_CONF"] = str(config)
    subprocess.run([tool, "--init-token", "--free", "--label", label, "--so-pin", SO_PIN,
                    "--pin", pin], check=True, capture_output=True, timeout=60)
    _import(Token(module, label, key_label, pin), issued)
    return Token(module, label, key_label, pin)


def _import(token: Token, issued: Issued) -> None:
    import pkcs11
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key

    key_der = issued.key.private_bytes(serialization.Encoding.DER,
                                       serialization.PrivateFormat.TraditionalOpenSSL,
                                       serialization.NoEncryption())
    found = pkcs11.lib(token.module).get_token(token_label=token.label)
    with found.open(rw=True, user_pin=token.pin) as session:
        key = decode_rsa_private_key(key_der)
        key.update({Attribute.LABEL: token.key_label, Attribute.ID: b"\x01",
                    Attribute.TOKEN: True, Attribute.PRIVATE: True, Attribute.SENSITIVE: True,
                    Attribute.SIGN: True})
        session.create_object(key)
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: token.key_label, Attribute.ID: b"\x01",
            Attribute.SUBJECT: issued.certificate.subject.public_bytes(),
            Attribute.VALUE: issued.der,
        })


def on_token(settings: Settings, token: Token, **changes: object) -> Settings:
    """``settings`` sealing with ``token`` (``changes`` to spoil one of its keys)."""
    values: dict[str, object] = {
        "signing": "pkcs11", "signing_pkcs11_module": token.module,
        "signing_pkcs11_token": token.label, "signing_pkcs11_key": token.key_label}
    return replace(settings, **{**values, **changes})  # type: ignore[arg-type]
