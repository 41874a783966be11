"""Fingerprints, normalisation and decoding helpers of pipeline.text."""

from __future__ import annotations

import pytest

from pipeline.errors import UnknownEncoding
from pipeline.text.decode import decode_html
from pipeline.text.fingerprint import fingerprints, hamming, simhash
from pipeline.text.normalize import is_headline, match_key, normalize_line

STORY = (
    "Two container cranes arrived at Port Elwin on Thursday, the first to work the harbour since the "
    "old terminal closed ten years ago, and dockers lined the quay to watch them come in on a "
    "heavy-lift ship from Rotterdam. The cranes will serve the rebuilt east terminal."
)


def test_simhash_is_stable_for_the_same_text() -> None:
    assert simhash(STORY) == simhash(STORY)


def test_simhash_of_a_lightly_edited_copy_is_within_a_few_bits() -> None:
    assert hamming(simhash(STORY), simhash("By Staff, Reuters. " + STORY)) <= 6


def test_simhash_of_unrelated_text_is_far() -> None:
    other = (
        "The council approved a new cycle lane along the river on Monday after a year of consultation "
        "with residents, shop owners and the bus company, which had opposed the first plan."
    )
    assert hamming(simhash(STORY), simhash(other)) > 10


def test_fingerprints_are_hex_strings() -> None:
    prints = fingerprints(STORY)
    assert len(prints.content_sha256) == 64 and len(prints.simhash) == 16
    int(prints.simhash, 16)


def test_normalize_line_replaces_nbsp_and_trims() -> None:
    assert normalize_line("\u00a0 a\u00a0\u00a0b \u2009 ") == "a b"


def test_normalize_line_removes_zero_width_characters() -> None:
    assert normalize_line("co\u200bop\u00aderation") == "cooperation"


def test_normalize_line_removes_stray_html_tags() -> None:
    line = 'Two cranes<br/> arrived <span class="x">today</span>'
    assert normalize_line(line) == "Two cranes arrived today"


def test_normalize_line_keeps_a_title_in_angle_brackets() -> None:
    line = "Jeongdong Theater staged <The Palace: Tale of Jang Noksu> in the park"
    assert normalize_line(line) == line


def test_is_headline_accepts_a_title_with_a_site_name_suffix() -> None:
    title = "Harbour cranes return to Port Elwin | The Courier"
    assert is_headline("Harbour cranes return to Port Elwin", title)


def test_is_headline_rejects_a_longer_different_title() -> None:
    assert not is_headline("Harbour cranes return", "Harbour cranes return to Port Elwin after a decade")


def test_match_key_folds_case_and_typographic_quotes() -> None:
    assert match_key("You\u2019re Subscribed") == "you're subscribed"


def test_decode_html_reads_latin1_declaration_as_windows_1252() -> None:
    assert decode_html("<p>caf\u00e9 \u201cok\u201d</p>".encode("cp1252"), "iso-8859-1") == "<p>café “ok”</p>"


def test_decode_html_reads_utf8_mislabelled_as_latin1_as_utf8() -> None:
    assert decode_html("<p>Café “ok”</p>".encode(), "iso-8859-1") == "<p>Café “ok”</p>"


def test_decode_html_reads_the_xml_declaration() -> None:
    body = '<?xml version="1.0" encoding="koi8-r"?><p>Москва</p>'.encode("koi8-r")
    assert decode_html(body).endswith("<p>Москва</p>")


def test_decode_html_falls_back_from_a_wrong_declared_charset() -> None:
    assert decode_html("<p>Müller</p>".encode(), "x-nonsense") == "<p>Müller</p>"


def test_decode_html_raises_unknown_encoding_for_undecodable_bytes() -> None:
    junk = bytes((n * 151 + 17) % 128 + 128 for n in range(3000))
    with pytest.raises(UnknownEncoding):
        decode_html(b"<html><body><p>" + junk + b"</p></body></html>")
