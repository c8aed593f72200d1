"""Keeping secrets out of everything the bot prints, logs or raises.

Every line the bot writes and every error it reports goes through one
`Redactor`, which knows the token and each form the bot sends it in (the
raw token, the base64 of `x-access-token:TOKEN` in git's Authorization
header) and blanks credentials in URLs (`https://user:secret@host`).
"""

from __future__ import annotations

import base64
import re

MASK = "***"
_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")


def basic_credentials(token: str) -> str:
    """The base64 credentials git sends for a token (the form actions/checkout uses)."""
    return base64.b64encode(f"x-access-token:{token}".encode()).decode("ascii")


class Redactor:
    def __init__(self, *secrets: str):
        self._secrets: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str) -> None:
        secret = secret.strip()
        if not secret:
            return
        self._secrets.update({secret, basic_credentials(secret)})

    def __call__(self, text: str) -> str:
        # longest first, so a secret that contains another is masked whole
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return _URL_CREDENTIALS.sub(lambda m: m["scheme"] + MASK + "@", text)
