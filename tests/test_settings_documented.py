"""Every setting is declared once and documented in the README."""

from pathlib import Path

from tribune.config import SETTINGS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_every_setting_is_documented_in_the_readme_with_its_default():
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in README]
    assert missing == []
