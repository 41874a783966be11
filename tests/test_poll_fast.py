"""The lxml fast path gives exactly what feedparser gives, or declines.

Every document here is parsed twice: by :func:`parse_feed` (which takes the fast path when
:func:`read_simple_feed` accepts the document) and by the feedparser path alone.  The two
ParsedFeeds (or FeedErrors) must be identical.  Variants are generated from fragments seen in
real feeds; a seeded random mix of them covers combinations.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.errors import FeedError
from pipeline.records import FeedRef
from pipeline.stages import poll
from pipeline.stages.poll_fast import read_simple_feed

DATA = Path(__file__).resolve().parent / "data" / "feeds"
FETCHED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FEED = FeedRef(url="https://feeds.example.org/path/feed.xml", name="Example")
XML = {"content-type": "application/rss+xml; charset=utf-8"}


def both(body: bytes, headers: dict[str, str] | None = None) -> tuple[object, object, bool]:
    """(parse_feed's result, the feedparser path's result, whether the fast path took it)."""
    headers = dict(XML if headers is None else headers)
    lowered = {k.lower(): v for k, v in headers.items()}
    taken = read_simple_feed(body, lowered) is not None
    return (
        _outcome(lambda: poll.parse_feed(FEED, body, fetched_at=FETCHED, headers=headers)),
        _outcome(lambda: poll._parse_xml_feed(FEED, body, FETCHED, lowered, FEED.url)),
        taken,
    )


def _outcome(call: object) -> object:
    try:
        return call()  # type: ignore[operator]
    except FeedError as exc:
        return ("FeedError", str(exc))


def assert_equivalent(body: bytes, headers: dict[str, str] | None = None) -> bool:
    fast, slow, taken = both(body, headers)
    assert fast == slow
    return taken


# --- samples -----------------------------------------------------------------------------------

XML_SAMPLES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".xml", ".rdf", ".html"))


@pytest.mark.parametrize("name", XML_SAMPLES)
def test_fast_path_matches_feedparser_on_sample(name: str) -> None:
    assert_equivalent((DATA / name).read_bytes())


@pytest.mark.parametrize("name", ["rss20.xml", "atom10.xml", "rss20_realworld.xml", "atom10_realworld.xml"])
def test_fast_path_takes_plain_rss20_and_atom10_samples(name: str) -> None:
    assert assert_equivalent((DATA / name).read_bytes()) is True


@pytest.mark.parametrize("name", ["rss091.xml", "rss10.rdf", "atom03.xml", "malformed_with_entries.xml"])
def test_fast_path_declines_other_formats_and_malformed_samples(name: str) -> None:
    assert assert_equivalent((DATA / name).read_bytes()) is False


# --- generated RSS 2.0 variants ----------------------------------------------------------------

RSS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" '
    'xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">\n<channel>\n'
)


def rss(items: list[str], channel: str = "<title>Wire &amp; Co</title><ttl>15</ttl>") -> bytes:
    body = "".join(f"<item>{i}</item>\n" for i in items)
    return f"{RSS_HEAD}{channel}\n{body}</channel></rss>".encode()


RSS_ITEM_PARTS: dict[str, list[str]] = {
    "title": [
        "",
        "<title>Plain title</title>",
        "<title>  Spaced\n  title  </title>",
        "<title>AT&amp;T &lt;b&gt;bold&lt;/b&gt; &amp;amp; more</title>",
        "<title><![CDATA[CDATA <em>title</em> &amp; co]]></title>",
        "<title>Genève \u2013 \u201cquoted\u201d café</title>",
        "<title>Ã©tÃ© mojibake</title>",
        "<title>It&#x92;s a cp1252 &#x80; control</title>",
        "<title></title>",
    ],
    "link": [
        "",
        "<link>https://news.example.org/a/story?utm_source=rss&amp;id=7</link>",
        "<link>/relative/story</link>",
        "<link>relative/story.html</link>",
        "<link>  https://news.example.org/spaced  </link>",
        "<link>http:///news.example.org/slashes</link>",
        "<link>https://news.example.org/q?a=1&amp;amp;b=2&amp;copy;c</link>",
        "<link>mailto:someone@example.org</link>",
        "<link>//cdn.example.org/protocol-relative</link>",
    ],
    "guid": [
        "",
        '<guid isPermaLink="false">id-1234</guid>',
        "<guid>https://news.example.org/guid-permalink</guid>",
        "<guid>1234</guid>",
        '<guid isPermaLink="true">/guid/relative</guid>',
        '<guid isPermaLink="True">case-matters</guid>',
        '<guid ispermalink="false">lower-attr</guid>',
        "<guid>  https://news.example.org/guid-spaced  </guid>",
    ],
    "description": [
        "",
        "<description>Plain summary.</description>",
        '<description>&lt;p&gt;Escaped &lt;a href="/x"&gt;HTML&lt;/a&gt; summary&lt;/p&gt;</description>',
        "<description><![CDATA[<p>CDATA <b>summary</b> with <script>var x = 1;</script> script</p>]]>"
        "</description>",
        '<description><![CDATA[<img src="/i.png"/> &nbsp;entities&hellip; &#8217; &amp; more]]></description>',
        "<description></description>",
    ],
    "content": [
        "",
        "<content:encoded><![CDATA[<p>Full <i>content</i> here.</p>]]></content:encoded>",
        "<content:encoded>&lt;div&gt;escaped content&lt;/div&gt;</content:encoded>",
        "<content:encoded>\n   <![CDATA[<p>Indented content</p>]]>\n  </content:encoded>",
        "<content:encoded>cp1252 control &#x92;quotes&#x93; and mojibake Ã©</content:encoded>",
    ],
    "date": [
        "",
        "<pubDate>Sat, 17 Sep 2016 10:00:00 GMT</pubDate>",
        "<pubDate>Sat, 17 Sep 2016 10:00:00 +0000</pubDate>",
        "<pubDate>Sat, 17 Sep 2016 10:00:00 -0500</pubDate>",
        "<pubDate>Mon, 5 Sep 2016 14:15 +0530</pubDate>",
        "<pubDate>17 Sep 2016 10:00:00 GMT</pubDate>",
        "<pubDate>Sat, 17 Sep 2016 10:00:00 EST</pubDate>",
        "<pubDate>Sat, 17 Sep 16 10:00:00 GMT</pubDate>",
        "<pubDate>2016-09-17T10:00:00Z</pubDate>",
        "<pubDate>2016-09-17T10:00:00.123+02:00</pubDate>",
        "<pubDate>Tue, 31 Feb 2016 10:00:00 GMT</pubDate>",
        "<pubDate>not a date</pubDate>",
        "<pubDate>Sat, 17 Sep 2016 10:00:00 UTC</pubDate>",
        "<pubDate>Sat, 17 Sep 2016 23:59:59 +1400</pubDate>",
        "<pubDate></pubDate>",
    ],
    "extra": [
        "",
        "<feedburner:origLink>https://origin.example.org/story?utm_campaign=x</feedburner:origLink>",
        "<feedburner:origLink>/origin/relative</feedburner:origLink>",
        "<author>desk@example.org (Desk)</author><category>World</category><category>Syria</category>",
        "<dc:creator>Jane Doe</dc:creator><comments>https://news.example.org/c</comments>",
        '<enclosure url="https://cdn.example.org/a.mp3" length="1" type="audio/mpeg"/>',
        "<dc:date>2016-09-17T10:00:00Z</dc:date>",
        '<source url="https://other.example.org/rss">Other</source>',
        '<media:thumbnail xmlns:media="http://search.yahoo.com/mrss/" url="https://x.example.org/t.jpg"/>',
        "<!-- a comment between elements -->",
        "<title>Second title</title>",
    ],
}


def _mix(rng: random.Random, parts: dict[str, list[str]]) -> str:
    """One entry from a random option of each part, mostly the common (first) options, in random order."""
    chosen = [rng.choice(options[:3] if rng.random() < 0.6 else options) for options in parts.values()]
    rng.shuffle(chosen)
    return "".join(chosen)


@pytest.mark.parametrize("part", sorted(RSS_ITEM_PARTS))
def test_fast_path_matches_feedparser_on_each_rss_item_variant(part: str) -> None:
    base = "<title>T</title><link>https://news.example.org/base</link>"
    for option in RSS_ITEM_PARTS[part]:
        assert_equivalent(rss([option + base, base.replace("base", "other") + option]))


def test_fast_path_matches_feedparser_on_random_rss_mixes() -> None:
    rng = random.Random(20261123)
    taken = 0
    for _ in range(400):
        items = [_mix(rng, RSS_ITEM_PARTS) for _ in range(rng.randint(1, 4))]
        taken += assert_equivalent(rss(items))
    assert taken > 80  # the mix must exercise the fast path, not only declines


RSS_CHANNELS = [
    "",
    "<title>Wire</title>",
    "<title>  </title><ttl>60</ttl>",
    "<ttl>abc</ttl><sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>",
    "<sy:updatePeriod> Weekly </sy:updatePeriod><sy:updateBase>2000-01-01T12:00+00:00</sy:updateBase>",
    '<atom:link href="https://feeds.example.org/feed" rel="self" type="application/rss+xml"/>',
    "<image><url>https://x.example.org/logo.png</url><title>Logo</title><link>https://x.example.org/</link>"
    "</image><title>After image</title>",
    "<title>First</title><image><title>Logo</title><url>/logo.png</url></image>",
    "<link>https://news.example.org/</link><description>d</description><language>en</language>"
    "<lastBuildDate>Sat, 17 Sep 2016 10:00:00 GMT</lastBuildDate><generator>g</generator>",
    '<itunes:author xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">x</itunes:author>',
    "<skipHours><hour>1</hour><hour>2</hour></skipHours>",
]


@pytest.mark.parametrize("channel", RSS_CHANNELS)
def test_fast_path_matches_feedparser_on_channel_variants(channel: str) -> None:
    item = "<title>T</title><link>/a</link><pubDate>Sat, 17 Sep 2016 10:00:00 GMT</pubDate>"
    assert_equivalent(rss([item], channel=channel))


def test_fast_path_matches_feedparser_when_items_come_before_channel_title() -> None:
    body = rss(["<title>T</title><link>/a</link>"], channel="").replace(
        b"</channel>", b"<title>Late title</title></channel>"
    )
    assert assert_equivalent(body) is True


# --- generated Atom 1.0 variants ---------------------------------------------------------------

ATOM_ENTRY_PARTS: dict[str, list[str]] = {
    "title": [
        "",
        "<title>Atom title</title>",
        '<title type="html">&lt;b&gt;Bold&lt;/b&gt; title</title>',
        '<title type="text">Text &amp; title</title>',
        '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><b>x</b></div></title>',
    ],
    "links": [
        "",
        '<link href="https://atom.example.org/alt"/>',
        '<link rel="alternate" type="text/html" href="/relative/alt"/>',
        '<link rel="self" href="https://atom.example.org/self"/><link rel="alternate" href="/second"/>',
        '<link rel="self" href="https://atom.example.org/self-only"/>',
        '<link rel="alternate" href="/one"/><link rel="alternate" href="/two"/>',
        '<link rel="alternate" type="application/pdf" href="/paper.pdf"/>',
        '<link rel="enclosure" href="/audio.mp3" type="audio/mpeg" length="3"/>',
        '<link rel="alternate" type="TEXT/HTML" href="https://atom.example.org/upper"/>',
        '<link href="http:///atom.example.org/fix"/>',
    ],
    "id": [
        "",
        "<id>tag:atom.example.org,2017:1</id>",
        "<id>https://atom.example.org/id-as-link</id>",
        "<id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>",
        "<id>  relative-id  </id>",
    ],
    "summary": [
        "",
        "<summary>Plain summary</summary>",
        '<summary type="html">&lt;p&gt;Escaped &lt;em&gt;html&lt;/em&gt;&lt;/p&gt;</summary>',
        '<summary type="html"><![CDATA[<p>CDATA <script>x()</script>html</p>]]></summary>',
        '<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">xhtml</div></summary>',
    ],
    "content": [
        "",
        '<content type="html">&lt;p&gt;Full content&lt;/p&gt;</content>',
        "<content>Plain content</content>",
        '<content type="application/json">{"a": 1}</content>',
        '<content src="https://atom.example.org/src"/>',
    ],
    "dates": [
        "",
        "<updated>2017-02-01T11:30:00+01:00</updated>",
        "<published>2017-02-01T09:00:00Z</published><updated>2017-02-01T10:00:00.5Z</updated>",
        "<updated>2017-02-01T11:30-05:30</updated>",
        "<updated>2017-02-01</updated>",
        "<updated>2017-02-01T11:30:00</updated>",
        "<published>Wed, 01 Feb 2017 09:00:00 GMT</published>",
        "<updated>2017-13-01T11:30:00Z</updated>",
    ],
    "extra": [
        "",
        "<author><name>Jane</name><email>j@example.org</email></author>",
        '<category term="world"/>',
        "<author><name>Jane</name><uri>https://jane.example.org/</uri></author>",
        "<source><title>Other</title></source>",
        "<rights>CC</rights>",
    ],
}

ATOM_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
ATOM_CT = {"Content-Type": "application/atom+xml"}


def atom(entries: list[str], head: str = "<title>Atom feed</title><id>urn:x</id>") -> bytes:
    body = "".join(f"<entry>{e}</entry>\n" for e in entries)
    return f"{ATOM_HEAD}{head}\n{body}</feed>".encode()


@pytest.mark.parametrize("part", sorted(ATOM_ENTRY_PARTS))
def test_fast_path_matches_feedparser_on_each_atom_entry_variant(part: str) -> None:
    base = '<title>T</title><link href="https://atom.example.org/base"/>'
    for option in ATOM_ENTRY_PARTS[part]:
        assert_equivalent(atom([option + base, base.replace("base", "other") + option]), ATOM_CT)


def test_fast_path_matches_feedparser_on_random_atom_mixes() -> None:
    rng = random.Random(2005)
    taken = 0
    for _ in range(400):
        entries = [_mix(rng, ATOM_ENTRY_PARTS) for _ in range(rng.randint(1, 4))]
        taken += assert_equivalent(atom(entries), ATOM_CT)
    assert taken > 80


def test_fast_path_declines_xml_base() -> None:
    body = atom(['<title>T</title><link href="story"/><id>x</id>']).replace(
        b"<feed ", b'<feed xml:base="https://base.example.org/dir/" '
    )
    assert assert_equivalent(body, ATOM_CT) is False


# --- encodings, media types and hostile documents ---------------------------------------------

ITEM = "<title>Caf\u00e9</title><link>/a</link>"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/rss+xml",
        "application/xml; charset=UTF-8",
        "text/xml",
        "text/xml; charset=utf-8",
        "text/html; charset=utf-8",
        "text/plain",
        "application/rss+xml; charset=iso-8859-1",
        "application/octet-stream",
        "application/rss+xml; charset=",  # an empty charset is no charset, to feedparser too
        "text/xml; charset=",
        'application/rss+xml; charset="utf-8"',
    ],
)
def test_fast_path_matches_feedparser_for_media_types(content_type: str) -> None:
    assert_equivalent(rss([ITEM]), {"Content-Type": content_type})


def test_fast_path_matches_feedparser_without_headers() -> None:
    assert_equivalent(rss([ITEM]), {})


def test_fast_path_declines_non_utf8_declaration() -> None:
    body = (
        rss([ITEM]).replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"').replace("\u00e9".encode(), b"\xe9")
    )
    assert assert_equivalent(body) is False


def test_fast_path_declines_content_location_header() -> None:
    headers = {**XML, "Content-Location": "https://elsewhere.example.org/dir/feed"}
    fast, slow, _ = both(rss([ITEM]), headers)
    assert fast == slow


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>Bomb</title><link>https://bomb.example.org/a</link></item></channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title>
<item><title>&xxe;</title><link>https://xxe.example.org/a</link></item></channel></rss>"""


def test_fast_path_refuses_entity_bomb() -> None:
    assert read_simple_feed(BILLION_LAUGHS, {"content-type": "application/rss+xml"}) is None


def test_entity_bomb_falls_back_to_feedparser_without_expanding() -> None:
    parsed = poll.parse_feed(FEED, BILLION_LAUGHS, fetched_at=FETCHED, headers=XML)
    assert [i.title for i in parsed.items] == ["Bomb"] and len(parsed.title or "") < 1000


def test_fast_path_refuses_external_entity() -> None:
    assert read_simple_feed(EXTERNAL_ENTITY, {"content-type": "application/rss+xml"}) is None


def test_external_entity_is_never_read() -> None:
    fast, slow, _ = both(EXTERNAL_ENTITY)
    assert fast == slow and "root:" not in repr(fast)


def test_fast_path_declines_undefined_entity() -> None:
    assert assert_equivalent(rss(["<title>a&nbsp;b</title><link>/a</link>"])) is False


def test_fast_path_declines_feed_without_entries() -> None:
    assert assert_equivalent(rss([])) is False
