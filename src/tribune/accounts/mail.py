"""Outgoing mail: TRIBUNE_EMAIL_URL parsed into Django's email settings, and sending a message
rendered from templates.

Settings import this module, so at import time it uses nothing but the standard library.

    console:                              print messages to the server's output (default)
    smtp://host                           plain SMTP on port 25
    smtp://user:password@host:587         SMTP submission: STARTTLS is on for port 587
    smtp://host:2525?tls=1                STARTTLS forced on (?tls=0 turns it off on 587)
    smtps://user:password@host            TLS from the first byte (implicit TLS), port 465
    ...?timeout=20                        seconds before a stuck server gives up (default 20)

User name and password are percent-decoded (a "@" in a password is written %40).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

log = logging.getLogger(__name__)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False  # STARTTLS after connecting
    use_ssl: bool = False  # TLS from the start
    timeout: int = 20


def parse_email_url(url: str) -> EmailConfig:
    """TRIBUNE_EMAIL_URL as an EmailConfig. Errors never repeat the URL (it holds a password)."""
    url = url.strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else url.lower()
    if scheme in {"", "console"}:
        return EmailConfig(backend="django.core.mail.backends.console.EmailBackend")
    if scheme not in {"smtp", "smtps"}:
        raise ValueError(
            f"TRIBUNE_EMAIL_URL: unknown scheme {scheme!r} (use console:, smtp:// or smtps://)"
        )
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError("TRIBUNE_EMAIL_URL: an smtp:// or smtps:// URL needs a host name")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("TRIBUNE_EMAIL_URL: the port is not a number from 1 to 65535") from None
    query = {key.lower(): values[-1] for key, values in parse_qs(parts.query).items()}
    ssl = scheme == "smtps"
    port = port or (465 if ssl else 25)
    tls = False
    if not ssl:
        tls = port == 587
        if "tls" in query:
            tls = _switch(query["tls"], "tls")
    timeout = 20
    if "timeout" in query:
        try:
            timeout = int(query["timeout"])
        except ValueError:
            raise ValueError("TRIBUNE_EMAIL_URL: ?timeout= takes a number of seconds") from None
    return EmailConfig(
        backend="django.core.mail.backends.smtp.EmailBackend",
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=tls,
        use_ssl=ssl,
        timeout=timeout,
    )


def _switch(raw: str, name: str) -> bool:
    raw = raw.strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError(f"TRIBUNE_EMAIL_URL: ?{name}= takes 1 or 0")


def send_templated(to: str, template: str, context: dict[str, Any]) -> bool:
    """Send `accounts/email/<template>_subject.txt` + `<template>.txt` to one address.

    Returns False (and logs, without the address) when the mail server refused or was
    unreachable: the caller tells the reader to try again instead of failing the request.
    """
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string

    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"accounts/email/{template}_subject.txt", context).split())
    body = render_to_string(f"accounts/email/{template}.txt", context)
    try:
        EmailMessage(subject, body, to=[to]).send()
    except OSError as exc:  # smtplib's errors are OSErrors, as are refused connections
        log.warning("could not send %s mail: %s", template, type(exc).__name__)
        return False
    return True
