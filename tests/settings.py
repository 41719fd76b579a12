"""Settings for the test suite: Tribune's own, with a private data directory."""

import os
from pathlib import Path

os.environ.setdefault(
    "TRIBUNE_DATA_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test")
)

from tribune.settings import *  # noqa: F403
from tribune.settings import STATIC_ROOT, STORAGES

# Pages render without a collectstatic run (the hashed manifest is for production).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher"
]  # speed; Argon2 is tested on its own
