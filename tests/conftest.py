"""Test-wide setup: a private data directory, and fixtures built on real components."""

from __future__ import annotations

import os
from pathlib import Path

# Before Django reads its settings: tests keep their databases and secret key apart from ./var.
os.environ.setdefault("TRIBUNE_DATA_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test"))
