"""Every regular expression newswire applies to untrusted text, under adversarial input.

Issue 15 item 2: the summary patterns of the poll stage ran in quadratic time on ``<script``
repeated without an end tag.  Each pattern below that sees text from the web (feeds, pages, headers)
gets the input shape most likely to make it backtrack (long runs of the characters it loops on,
openings without closings), sized so that a quadratic pattern would take many seconds while a
linear one takes milliseconds.  A new pattern over untrusted text belongs here.

Not listed: patterns compiled from configuration (boilerplate rules, taxonomy keywords, phrase
indexes -- literal alternations of words), and :data:`pipeline.text.metadata._LANG`, whose
repetitions start with a separator the items cannot contain, so it cannot backtrack.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

from pipeline.feeds import schedule
from pipeline.stages import extract, poll, poll_fast
from pipeline.tagging import layout
from pipeline.text import decode, fingerprint, metadata, normalize

N = 100_000  # quadratic at this size: tens of seconds or more; linear: milliseconds
BUDGET_S = 1.0

Case = tuple[str, Callable[[], object]]

CASES: list[Case] = [
    ("poll._SPACE", lambda: poll._SPACE.sub(" ", " \t\n" * N)),
    ("poll._SURROGATE", lambda: poll._SURROGATE.sub("?", "\ud800a" * N)),
    ("poll.strip_markup script", lambda: poll.strip_markup("<script " * N)),
    ("poll.strip_markup brackets", lambda: poll.strip_markup("<" * N + ">")),
    ("poll_fast._DECL_ENCODING", lambda: poll_fast._DECL_ENCODING.match(b"<?xml" + b" encoding=" * N)),
    ("poll_fast._DANGEROUS", lambda: poll_fast._DANGEROUS.search(b"<!" + b" " * N + b"<! " * N)),
    ("poll_fast._URI_FIXER", lambda: poll_fast._URI_FIXER.match("a" * N + ":/")),
    ("poll_fast._LINK_ENTITY", lambda: poll_fast._LINK_ENTITY.sub("", "&" + "a" * N + "&a" * N)),
    ("poll_fast._RFC822", lambda: poll_fast._RFC822.fullmatch("Mon, " + "1" * N)),
    ("poll_fast._W3DTF", lambda: poll_fast._W3DTF.fullmatch("2026-01-01T00:00:00." + "1" * N)),
    ("schedule._MAX_AGE", lambda: schedule._MAX_AGE.search(" max-age=" * N + "x")),
    ("decode._META_CHARSET", lambda: decode._META_CHARSET.search((b"<meta " * N)[: decode._SNIFF_BYTES])),
    ("decode._XML_ENCODING", lambda: decode._XML_ENCODING.search((b"<?xml " + b"encoding " * N)[:256])),
    ("extract._MARKUP", lambda: extract._MARKUP.search("<" + " " * N + "< " * N)),
    ("normalize._ODD_SPACES", lambda: normalize._ODD_SPACES.sub(" ", "\u00a0x" * N)),
    ("normalize._INVISIBLE", lambda: normalize._INVISIBLE.sub("", "\u200bx" * N)),
    ("normalize._SPACE_RUN", lambda: normalize._SPACE_RUN.sub(" ", " " * N + " x" * N)),
    ("normalize._STRAY_TAG", lambda: normalize._STRAY_TAG.sub("", "<b " * N + "<b" + " a" * N)),
    ("normalize._ENTITY", lambda: normalize._ENTITY.sub("", "&#" * N + "&" + "a" * N)),
    ("normalize._SITE_SUFFIX", lambda: normalize._SITE_SUFFIX.fullmatch(" " * N + "-" + " " * N)),
    ("fingerprint._WORD", lambda: fingerprint._WORD.findall("a " * N)),
    ("metadata._LANG", lambda: metadata._LANG.match("ab" + "-a" * N + "!")),
    ("layout._BOUNDARY dots", lambda: list(layout._BOUNDARY.finditer("." * N))),
    ("layout._BOUNDARY marks", lambda: list(layout._BOUNDARY.finditer("?!" * N + "'" * N))),
    ("layout._PROSE_END", lambda: layout._PROSE_END.search("." + "'" * N + " " * N + "x")),
    ("layout._LONG_WORD", lambda: layout._LONG_WORD.findall("a'" * N)),
    ("layout._CAPITALISED_WORD", lambda: layout._CAPITALISED_WORD.findall("Ab-" * N)),
    ("layout._LINE", lambda: layout._LINE.findall("x\n" * N)),
    ("layout.WORD", lambda: layout.WORD.findall("a " * N)),
]


@pytest.mark.parametrize(("name", "call"), CASES, ids=[name for name, _ in CASES])
def test_pattern_is_linear_on_adversarial_input(name: str, call: Callable[[], object]) -> None:
    started = time.perf_counter()
    call()
    assert time.perf_counter() - started < BUDGET_S, name


def test_every_module_level_pattern_over_untrusted_text_is_audited() -> None:
    """A new module-level pattern in these modules must be added to CASES (or to the docstring)."""
    modules = [poll, poll_fast, schedule, decode, extract, normalize, fingerprint, layout]
    audited = {name.split(" ")[0] for name, _ in CASES}
    found = {
        f"{m.__name__.rsplit('.', 1)[1]}.{attr}"
        for m in modules
        for attr, value in vars(m).items()
        if isinstance(value, re.Pattern)
    }
    assert found <= audited, sorted(found - audited)
