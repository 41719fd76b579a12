"""The Web Push protocol, without Django: VAPID keys and signatures (RFC 8292, py-vapid),
payload encryption (RFC 8291 with RFC 8188 aes128gcm, http-ece), and checks of what a
browser sends when it subscribes.

The cryptography stack is imported where it is used: web push is off unless the operator
turns it on, and nothing else pays for loading it.
"""

from __future__ import annotations

import base64
import binascii
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tribune.core.http import IPNetwork, blocked_reason, literal_address

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey

# What a push service accepts: 4096 bytes of encrypted record, so a little less of payload.
MAX_PAYLOAD = 3000
MAX_ENDPOINT = 1024
MAX_P256DH = 100  # 65 bytes are 87 characters of base64url
MAX_AUTH = 40  # 16 bytes are 22 characters
VAPID_LIFETIME = 12 * 3600  # seconds a signature is good for (push services allow 24 h)


class BadSubscription(ValueError):
    """What the browser sent is not a subscription Tribune will push to; the message says why."""


def b64url_decode(text: str) -> bytes:
    if not text.isascii():
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# Subscriptions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


def _host_ok(host: str) -> bool:
    """A DNS name of the public kind: letters, digits, hyphens, at least one dot."""
    labels = host.rstrip(".").split(".")
    return (
        len(labels) >= 2
        and all(label and len(label) <= 63 for label in labels)
        and all(c.isascii() and (c.isalnum() or c == "-") for label in labels for c in label)
        and labels[-1] not in ("localhost", "local", "internal", "localdomain", "home", "lan")
    )


def check_endpoint(url: object, allowed: tuple[IPNetwork, ...] = ()) -> str:
    """The endpoint if Tribune may post to it. Push services live at public https URLs on the
    default port; plain http only reaches an address inside `allowed` (an admin's explicit
    choice, as for feeds: TRIBUNE_FETCH_ALLOWED_NETWORKS). The address the name resolves to is
    checked again when connecting (core.http's guard)."""
    if not isinstance(url, str) or not url:
        raise BadSubscription("The subscription has no endpoint.")
    if len(url) > MAX_ENDPOINT:
        raise BadSubscription("The endpoint is too long.")
    if not url.isascii() or any(c.isspace() or not c.isprintable() for c in url):
        raise BadSubscription("The endpoint is not a plain URL.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BadSubscription("The endpoint is not a valid URL.") from exc
    host = (parts.hostname or "").lower()
    if not host or parts.username is not None or parts.password is not None or parts.fragment:
        raise BadSubscription("The endpoint is not a valid push URL.")
    ip = literal_address(host)
    if ip is not None:
        reason = blocked_reason(ip, allowed)
        if reason is not None:
            raise BadSubscription(f"Tribune does not send to a {reason}.")
    elif not _host_ok(host):
        raise BadSubscription("The endpoint's host is not a public name.")
    if parts.scheme == "https":
        if port not in (None, 443) and not (ip is not None and any(ip in n for n in allowed)):
            raise BadSubscription("The endpoint must use the default https port.")
    elif parts.scheme == "http":
        if ip is None or not any(ip in network for network in allowed):
            raise BadSubscription("The endpoint must be an https URL.")
    else:
        raise BadSubscription("The endpoint must be an https URL.")
    return url


def check_keys(p256dh: object, auth: object) -> tuple[str, str]:
    """The browser's public key (an uncompressed P-256 point) and auth secret (16 bytes)."""
    if not isinstance(p256dh, str) or not isinstance(auth, str):
        raise BadSubscription("The subscription's keys are missing.")
    if len(p256dh) > MAX_P256DH or len(auth) > MAX_AUTH:
        raise BadSubscription("The subscription's keys are too long.")
    try:
        point, secret = b64url_decode(p256dh), b64url_decode(auth)
    except ValueError as exc:
        raise BadSubscription("The subscription's keys are not base64url.") from exc
    if len(point) != 65 or point[0] != 4 or len(secret) != 16:
        raise BadSubscription("The subscription's keys have the wrong length.")
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError as exc:
        raise BadSubscription("The subscription's key is not a P-256 public key.") from exc
    return p256dh, auth


def parse_subscription(data: object, allowed: tuple[IPNetwork, ...] = ()) -> Subscription:
    """A PushSubscription as the browser's `toJSON()` gives it:
    {"endpoint": ..., "keys": {"p256dh": ..., "auth": ...}} (other fields are ignored)."""
    if not isinstance(data, dict):
        raise BadSubscription("Send the subscription as a JSON object.")
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise BadSubscription("The subscription's keys are missing.")
    endpoint = check_endpoint(data.get("endpoint"), allowed)
    p256dh, auth = check_keys(keys.get("p256dh"), keys.get("auth"))
    return Subscription(endpoint, p256dh, auth)


# VAPID -----------------------------------------------------------------------------------------


def generate_private_key() -> str:
    """A new VAPID key pair, as the private key's PEM (PKCS#8)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    pem: bytes = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem.decode()


def _private_key(pem: str) -> EllipticCurvePrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("the VAPID key is not an elliptic-curve key")
    return key


def public_key(pem: str) -> str:
    """The applicationServerKey browsers subscribe with: the public point, base64url."""
    from cryptography.hazmat.primitives import serialization

    point = (
        _private_key(pem)
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return b64url_encode(point)


def audience(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


def vapid_authorization(pem: str, endpoint: str, subject: str, *, now: float | None = None) -> str:
    """The Authorization header value: `vapid t=<signed JWT>, k=<public key>`."""
    from py_vapid import Vapid02

    claims: dict[str, Any] = {
        "aud": audience(endpoint),
        "exp": int((now if now is not None else time.time()) + VAPID_LIFETIME),
        "sub": subject,
    }
    # The subject is the site's address or URL; py-vapid's own check of its form is stricter
    # than RFC 8292 (it refuses a plain-http site URL), and push services do not read it.
    vapid = Vapid02(_private_key(pem), conf={"no-strict": True})
    header: str = vapid.sign(claims)["Authorization"]
    return header


def encrypt(payload: bytes, p256dh: str, auth: str) -> bytes:
    """The payload encrypted for one browser (aes128gcm, a fresh sender key each time)."""
    import http_ece
    from cryptography.hazmat.primitives.asymmetric import ec

    if len(payload) > MAX_PAYLOAD:
        raise ValueError("push payload too large")
    sender = ec.generate_private_key(ec.SECP256R1())
    body: bytes = http_ece.encrypt(
        payload,
        private_key=sender,
        dh=b64url_decode(p256dh),
        auth_secret=b64url_decode(auth),
        version="aes128gcm",
    )
    return body
