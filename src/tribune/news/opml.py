"""OPML in and out: the format every feed reader uses to move subscriptions."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET

from lxml import etree


class OpmlError(Exception):
    pass


@dataclass(frozen=True)
class Outline:
    feed_url: str
    title: str
    site_url: str
    category: str


# No entities, no network, no DTD: an OPML file has no use for any of them.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


def parse_opml(data: bytes) -> list[Outline]:
    if b"<!ENTITY" in data[:4096].upper():
        raise OpmlError("OPML with entity declarations is refused.")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"Not valid OPML: {exc}") from exc
    if root.tag != "opml":
        raise OpmlError(f"Not OPML: the root element is <{etree.QName(root).localname}>.")
    found: list[Outline] = []
    seen: set[str] = set()

    def walk(node: etree._Element, category: str) -> None:
        for child in node.iterchildren("outline"):
            url = (child.get("xmlUrl") or child.get("xmlurl") or "").strip()
            title = (child.get("title") or child.get("text") or "").strip()
            if url:
                if url not in seen and url.startswith(("http://", "https://")):
                    seen.add(url)
                    found.append(
                        Outline(url, title, (child.get("htmlUrl") or "").strip(), category)
                    )
            else:
                walk(child, title or category)

    body = root.find("body")
    if body is None:
        raise OpmlError("Not OPML: no <body>.")
    walk(body, "")
    return found


def build_opml(title: str, outlines: list[Outline]) -> bytes:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    groups: dict[str, ET.Element] = {}
    for outline in outlines:
        parent = body
        if outline.category:
            if outline.category not in groups:
                groups[outline.category] = ET.SubElement(
                    body, "outline", text=outline.category, title=outline.category
                )
            parent = groups[outline.category]
        attrs = {
            "type": "rss",
            "text": outline.title or outline.feed_url,
            "xmlUrl": outline.feed_url,
        }
        if outline.title:
            attrs["title"] = outline.title
        if outline.site_url:
            attrs["htmlUrl"] = outline.site_url
        ET.SubElement(parent, "outline", attrs)
    ET.indent(root)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + bytes(ET.tostring(root, encoding="utf-8"))
        + b"\n"
    )
