"""The app icons: PNGs rendered from the site's SVG logo, and the record of how they were made.

`tribune icons` renders them with resvg (resvg-py: a Rust renderer in a wheel, no system
libraries) into static/tribune/icons/, beside icons.json, which records the logo's hash so a
test notices a logo changed without new icons. The manifest lists icons from icons.json.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

STATIC = Path(__file__).resolve().parent.parent / "static"
SOURCE = "tribune/icon.svg"  # static paths, as {% static %} takes them
DIRECTORY = "tribune/icons"
RECORD = f"{DIRECTORY}/icons.json"

# Maskable icons fill the whole square (the platform cuts its own shape out of it) with the
# logo's red, and keep the logo inside the central 80%: the safe zone every mask leaves whole.
MASKABLE_BACKGROUND = "#9c2b1f"
SAFE_ZONE = 0.8

SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Icon:
    name: str
    size: int
    purpose: str  # "any", "maskable", or "apple" (iOS home screen: opaque, no transparency)

    @property
    def path(self) -> str:
        return f"{DIRECTORY}/{self.name}"


ICONS: tuple[Icon, ...] = (
    Icon("icon-192.png", 192, "any"),
    Icon("icon-512.png", 512, "any"),
    Icon("maskable-192.png", 192, "maskable"),
    Icon("maskable-512.png", 512, "maskable"),
    Icon("apple-touch-icon.png", 180, "apple"),
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parse(svg: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    root = etree.fromstring(svg.encode(), parser)
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ValueError("the logo is not an SVG document")
    return root


def _view_box(root: etree._Element) -> tuple[float, float, float, float]:
    box = root.get("viewBox")
    if box:
        x, y, width, height = (float(part) for part in box.replace(",", " ").split())
        return x, y, width, height
    return 0.0, 0.0, float(root.get("width", "0")), float(root.get("height", "0"))


def maskable_svg(svg: str) -> str:
    """The logo on a full-bleed background, shrunk into the safe zone."""
    logo = _parse(svg)
    x, y, width, height = _view_box(logo)
    if width <= 0 or height <= 0:
        raise ValueError("the logo has no size (viewBox or width and height)")
    outer = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS})
    outer.set("viewBox", f"{x:g} {y:g} {width:g} {height:g}")
    background = etree.SubElement(outer, f"{{{SVG_NS}}}rect")
    for name, value in (("x", x), ("y", y), ("width", width), ("height", height)):
        background.set(name, f"{value:g}")
    background.set("fill", MASKABLE_BACKGROUND)
    margin = (1 - SAFE_ZONE) / 2
    # The logo itself becomes a nested <svg> placed in the central square; its own viewBox
    # scales it there.
    logo.set("viewBox", f"{x:g} {y:g} {width:g} {height:g}")
    logo.set("x", f"{x + width * margin:g}")
    logo.set("y", f"{y + height * margin:g}")
    logo.set("width", f"{width * SAFE_ZONE:g}")
    logo.set("height", f"{height * SAFE_ZONE:g}")
    outer.append(logo)
    return etree.tostring(outer, encoding="unicode")


def renderer_version() -> str:
    import resvg_py

    return f"resvg-py {resvg_py.__version__} (resvg {resvg_py.__resvg_version__})"


def render(svg: str, icon: Icon) -> bytes:
    """One icon as PNG bytes."""
    import resvg_py  # only `tribune icons` and its test need the renderer

    source = svg if icon.purpose == "any" else maskable_svg(svg)
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=source, width=icon.size, height=icon.size, skip_system_fonts=True
        )
    )


def render_all(svg: str) -> tuple[dict[str, bytes], dict[str, Any]]:
    """Every icon ({static path: PNG}) and the record that describes them."""
    images = {icon.path: render(svg, icon) for icon in ICONS}
    record = {
        "source": SOURCE,
        "source_sha256": sha256(svg.encode()),
        "renderer": renderer_version(),
        "icons": [
            {
                "src": icon.path,
                "size": icon.size,
                "purpose": icon.purpose,
                "sha256": sha256(images[icon.path]),
            }
            for icon in ICONS
        ],
    }
    return images, record


def write(images: dict[str, bytes], record: dict[str, Any], root: Path = STATIC) -> list[Path]:
    written = []
    for path, data in {
        **images,
        RECORD: (json.dumps(record, indent=2) + "\n").encode(),
    }.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


def read_record(root: Path = STATIC) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((root / RECORD).read_text())
    return record


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def stale(root: Path = STATIC) -> list[str]:
    """Why the committed icons do not match the logo (empty when they do)."""
    problems = []
    svg = (root / SOURCE).read_text()
    try:
        record = read_record(root)
    except (OSError, ValueError):
        return [f"{RECORD} is missing or unreadable"]
    if record.get("source_sha256") != sha256(svg.encode()):
        problems.append(f"{SOURCE} changed since the icons were rendered")
    listed = {entry.get("src"): entry for entry in record.get("icons", [])}
    for icon in ICONS:
        entry = listed.get(icon.path)
        file = root / icon.path
        if entry is None or not file.exists():
            problems.append(f"{icon.path} is missing")
            continue
        data = file.read_bytes()
        if sha256(data) != entry.get("sha256"):
            problems.append(f"{icon.path} is not the file {RECORD} describes")
        elif png_size(data) != (icon.size, icon.size):
            problems.append(f"{icon.path} is not {icon.size}x{icon.size}")
    return problems
