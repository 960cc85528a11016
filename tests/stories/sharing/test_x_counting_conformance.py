"""X's own conformance cases (twitter-text, configuration v3): lengths and links as X sees them.

The cases are a vendored subset of the twitter-text suite (Apache 2.0, see the fixture's
``_source`` and ``_licence``): each weighted case is checked against ``weighted_length``, each
link case against the links ``link_spans`` finds.
"""

import json
import unicodedata
from pathlib import Path

import pytest

from stories.sharing.messages import link_spans, weighted_length

CASES = json.loads(Path(__file__).with_name("twitter_text_conformance.json").read_text("utf-8"))


def described(cases):
    return [pytest.param(case, id=case["description"][:60]) for case in cases]


@pytest.mark.parametrize("case", described(CASES["weighted"]))
def test_a_text_weighs_what_x_says_it_weighs(case):
    assert weighted_length(case["text"]) == case["weightedLength"]


@pytest.mark.parametrize("case", described(CASES["links"]))
def test_the_links_found_are_those_x_finds(case):
    text = unicodedata.normalize("NFC", case["text"])

    assert [text[start:end] for start, end in link_spans(text)] == case["links"]


def test_the_vendored_subset_covers_emoji_sequences_and_bare_domains():
    descriptions = " ".join(case["description"] for case in CASES["weighted"] + CASES["links"])

    assert len(CASES["weighted"]) >= 20 and len(CASES["links"]) >= 30
    assert "family emoji" in descriptions and "without protocol" in descriptions
