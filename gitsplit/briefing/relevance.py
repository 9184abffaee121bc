"""Which definitions of a file a work order is about: keyword overlap, weighted by rarity.

The keywords are the words and identifiers of the work order's title and body (identifiers
also split on snake_case and camelCase, lower-cased, a plural or -ing/-ed ending dropped,
stop words removed). A definition scores each keyword it holds, weighted by how rare the
keyword is among the file's definitions; a keyword in its name counts three times. Plain,
deterministic, no model and no index: see D-70 for what was rejected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from gitsplit.briefing.locate import Definition, own_ranges

NAME_WEIGHT = 3.0
WHOLE_WEIGHT = 1.0  # extra for a compound identifier (max_age) found whole
MIN_LENGTH = 3
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_STOP_TEXT = """
about above after again against all also and any are because been before being below
between both but can cannot could did does doing done down during each else every few for
from further had has have having here how into its itself just more most must need new
not now off once only other our out over own same should since some such than that the
their them then there these they this those through too under until use used using very
was were what when where which while who why will with within without would yet you your
none true false self cls return def class import from pass elif assert lambda yield
print str int bool dict list set tuple args kwargs value values data item items thing
file files line lines code test tests make makes work order problem scope acceptance
expected output notes done change changes changed add adds added fix fixed way one two
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class Match:
    """How well one definition matches: its score and the keywords it holds, best first."""

    definition: Definition
    score: float
    words: tuple[str, ...]

    def why(self) -> str:
        """What it matches, for the briefing: ``matches max_age, unsign``."""
        return "matches " + ", ".join(self.words[:5])


def normalize(word: str) -> str:
    """A word lower-cased, with a plural or -ing/-ed ending dropped."""
    word = word.lower()
    for ending, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 4 and not word.endswith("ss"):
            return word[: -len(ending)] + keep
    return word


def split_identifier(token: str) -> list[str]:
    """An identifier's parts on snake_case and camelCase (``MaxAge``: Max, Age)."""
    return [p for part in token.split("_") for p in _CAMEL.findall(part)]


def terms(text: str) -> set[str]:
    """Every normalized word and identifier part of a text, stop words and short words removed."""
    return set(_forms(text))


@dataclass(frozen=True)
class Keywords:
    """What a work order is about: its terms, its compound identifiers, and how it wrote them."""

    terms: frozenset[str]
    whole: frozenset[str]  # compound identifiers found whole (max_age, unsignValue)
    forms: Mapping[str, str]  # term → the word as the work order wrote it, lower-cased

    @classmethod
    def of(cls, text: str) -> Keywords:
        """The keywords of a text."""
        forms = _forms(text)
        whole = {
            normalize(token)
            for token in _WORD.findall(_COMMENT.sub(" ", text))
            if len(split_identifier(token)) > 1 and normalize(token) in forms
        }
        return cls(frozenset(forms), frozenset(whole), forms)


def _forms(text: str) -> dict[str, str]:
    """Normalized term → its first spelling in the text, lower-cased."""
    found: dict[str, str] = {}
    for token in _WORD.findall(_COMMENT.sub(" ", text)):
        parts = split_identifier(token)
        for word in [token, *parts] if len(parts) > 1 else [token]:
            norm = normalize(word)
            if len(norm) >= MIN_LENGTH and norm not in STOP_WORDS and not norm.isdigit():
                found.setdefault(norm, word.lower())
    return found


def rank(keys: Keywords, found: Sequence[Definition], lines: Sequence[str]) -> list[Match]:
    """The definitions that match the keywords, best first (ties: earlier first).

    A keyword scores its rarity once when the definition's text holds it, three times more
    when the definition's own name does; a compound identifier found whole scores once more.
    """
    if not keys.terms or not found:
        return []
    bags = [terms("\n".join(lines[start - 1 : end])) for start, end in own_ranges(found)]
    weight = _rarity(keys.terms, bags)
    matches = []
    for definition, bag in zip(found, bags, strict=True):
        outer = keys.terms & terms(definition.name)
        in_name = keys.terms & terms(definition.leaf)
        held = (keys.terms & bag) | outer
        if not in_name and len(held) < 2:
            continue  # one common word in the body is not a match
        score = sum(weight[k] for k in held) + sum(NAME_WEIGHT * weight[k] for k in in_name)
        score += sum(WHOLE_WEIGHT * weight[k] for k in keys.whole & bag)
        best = sorted(held, key=lambda k: (k not in in_name, -weight[k], k))
        words = tuple(keys.forms.get(k, k) for k in best)
        matches.append(Match(definition, round(score, 6), words))
    return sorted(matches, key=lambda m: (-m.score, m.definition.start))


def _rarity(keywords: frozenset[str], bags: Iterable[set[str]]) -> dict[str, float]:
    """Each keyword's weight: higher the fewer definitions hold it."""
    bags = list(bags)
    total = len(bags)
    return {
        k: math.log(1 + total / (1 + sum(1 for bag in bags if k in bag))) + 0.1 for k in keywords
    }
