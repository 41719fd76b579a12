"""Test-wide fixtures, built on real components (settings: tests/settings.py)."""
