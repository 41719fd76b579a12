import pytest

from tribune.news.opml import OpmlError, Outline, build_opml, parse_opml

SAMPLE = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="World">
    <outline type="rss" text="Wire" title="Meridian Wire" xmlUrl="https://wire.test/atom.xml" htmlUrl="https://wire.test/"/>
    <outline type="rss" text="Dup" xmlUrl="https://wire.test/atom.xml"/>
  </outline>
  <outline type="rss" text="Gazette" xmlUrl="http://gazette.test/feed.xml"/>
  <outline type="rss" text="Bad scheme" xmlUrl="file:///etc/passwd"/>
</body></opml>"""


def test_outlines_are_read_with_their_category_and_duplicates_dropped():
    assert parse_opml(SAMPLE) == [
        Outline("https://wire.test/atom.xml", "Meridian Wire", "https://wire.test/", "World"),
        Outline("http://gazette.test/feed.xml", "Gazette", "", ""),
    ]


def test_export_then_import_gives_the_same_outlines():
    outlines = parse_opml(SAMPLE)
    assert parse_opml(build_opml("Tribune sources", outlines)) == outlines


def test_external_entities_are_refused():
    xxe = b"""<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.test/"/></body></opml>"""
    with pytest.raises(OpmlError):
        parse_opml(xxe)


@pytest.mark.parametrize(
    "data", [b"", b"not xml", b"<html><body/></html>", b"<opml version='2.0'></opml>"]
)
def test_garbage_gives_a_clear_error(data):
    with pytest.raises(OpmlError):
        parse_opml(data)
