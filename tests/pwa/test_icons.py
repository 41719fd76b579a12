"""The app icons are rendered from the site's own SVG logo by `tribune icons`, and the
committed PNGs are what that logo renders to now."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from tribune.pwa import icons

SVG = (icons.STATIC / icons.SOURCE).read_text()


def test_the_committed_icons_were_rendered_from_the_current_logo() -> None:
    assert icons.stale() == [], "run `tribune icons` and commit static/tribune/icons/"


def test_the_committed_icons_have_the_sizes_the_manifest_needs() -> None:
    sizes = {(i.purpose, icons.png_size((icons.STATIC / i.path).read_bytes())) for i in icons.ICONS}
    assert sizes == {
        ("any", (192, 192)),
        ("any", (512, 512)),
        ("maskable", (192, 192)),
        ("maskable", (512, 512)),
        ("apple", (180, 180)),
    }


def test_the_committed_icons_match_a_fresh_render() -> None:
    pytest.importorskip("resvg_py")
    record = icons.read_record()
    if record["renderer"] != icons.renderer_version():
        pytest.skip(f"icons were rendered by {record['renderer']}, not {icons.renderer_version()}")
    images, fresh = icons.render_all(SVG)
    assert fresh == record
    for path, data in images.items():
        assert (icons.STATIC / path).read_bytes() == data, path


def test_a_maskable_icon_fills_the_square_and_keeps_the_logo_in_the_safe_zone() -> None:
    root = etree.fromstring(icons.maskable_svg(SVG).encode())
    ns = {"svg": icons.SVG_NS}
    background = root.find("svg:rect", ns)
    assert background is not None
    assert (background.get("width"), background.get("height")) == ("64", "64")
    assert background.get("fill") == icons.MASKABLE_BACKGROUND
    logo = root.find("svg:svg", ns)
    assert logo is not None
    # The central 80%: 10% margin on every side of the 64-unit square.
    assert [float(logo.get(a)) for a in ("x", "y", "width", "height")] == [6.4, 6.4, 51.2, 51.2]


def test_the_maskable_background_is_the_logos_own_red() -> None:
    assert f'fill="{icons.MASKABLE_BACKGROUND}"' in SVG


def test_a_logo_that_is_not_svg_is_refused() -> None:
    with pytest.raises(ValueError):
        icons.maskable_svg('<html xmlns="http://www.w3.org/1999/xhtml"/>')
    with pytest.raises(etree.XMLSyntaxError):
        icons.maskable_svg("<svg")


def test_the_icons_command_writes_every_icon_and_the_record(tmp_path: Path) -> None:
    pytest.importorskip("resvg_py")
    (tmp_path / "tribune").mkdir()
    shutil.copy(icons.STATIC / icons.SOURCE, tmp_path / icons.SOURCE)
    call_command("icons", "--output", str(tmp_path), stdout=io.StringIO())
    for icon in icons.ICONS:
        assert icons.png_size((tmp_path / icon.path).read_bytes()) == (icon.size, icon.size)
    assert icons.stale(tmp_path) == []
    call_command("icons", "--check", "--output", str(tmp_path), stdout=io.StringIO())


def test_the_check_fails_when_the_logo_changed_after_the_icons(tmp_path: Path) -> None:
    shutil.copytree(icons.STATIC / icons.DIRECTORY, tmp_path / icons.DIRECTORY)
    (tmp_path / icons.SOURCE).write_text(SVG.replace("#9c2b1f", "#1f2b9c"))
    with pytest.raises(CommandError, match="changed since the icons were rendered"):
        call_command("icons", "--check", "--output", str(tmp_path))


def test_the_check_fails_when_an_icon_was_replaced_by_hand(tmp_path: Path) -> None:
    shutil.copytree(icons.STATIC / "tribune", tmp_path / "tribune")
    other = tmp_path / icons.ICONS[0].path
    other.write_bytes((icons.STATIC / icons.ICONS[1].path).read_bytes())
    assert icons.stale(tmp_path) == [
        f"{icons.ICONS[0].path} is not the file {icons.RECORD} describes"
    ]
