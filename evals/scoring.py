"""Scoring one answer against its expected result: numbers, key terms, cited evidence, refusals.

No LLM judge. Figures are read with `numbers_in` (rag.answer.grounding), the parser the
grounding check uses, so the harness and the assistant read "$12.6 billion" or "30.8%" alike.
"""

import re
from dataclasses import dataclass

from core.types import Answer, Citation
from rag.answer.grounding import Number, numbers_in

TOLERANCE = 0.01  # relative: 12.6 billion matches 12,645 million (0.36% off), 13 billion does not
PERCENT_POINTS = 0.05  # a percentage also matches within 0.05 points ("2.0%" for 2.022%)
MIN_OVERLAP = 0.5  # share of key terms a text answer must contain (golden set default)
KEY_TERM_CAP = 8  # a long gold answer asks for at most this many of its terms
RECALL_K = 5  # evidence must be among the first RECALL_K citations to count for recall@5
TABLE_SCALES = (1e3, 1e6)  # unscaled figures may be table values "in thousands/millions"
LARGE = 1e5  # expected amounts from which TABLE_SCALES are tried

REFUSALS = re.compile(
    r"(?:sources?|documents?|filings?|context|data|information|index|passages?)\s+"
    r"(?:provided\s+|given\s+|available\s+)?(?:do|does|did)\s*(?:n['’]t|\snot)\s+"
    r"(?:contain|include|mention|provide|say|cover|have|specify|state|show)"
    r"|\bnot (?:found|available|present|included|covered) in the (?:indexed |provided )?"
    r"(?:sources|documents|data|context|index)"
    r"|\b(?:cannot|can['’]t|can not|unable to|not able to) (?:answer|determine|find|provide|"
    r"predict|tell|say)"
    r"|\bno (?:information|data|mention) (?:about|on|regarding|for|of)\b"
    r"|\binsufficient (?:information|data)\b|\bi do(?: not|n['’]t) know\b",
    re.IGNORECASE,
)
WORD = re.compile(r"[a-z][a-z'’&-]*")


@dataclass
class Verdict:
    """How one answer scored."""

    correct: bool
    refused: bool
    evidence_hit: bool | None  # None when the question names no evidence
    reason: str


def is_refusal(answer: Answer) -> bool:
    """The assistant refused, or its text says the sources do not contain the answer."""
    return answer.refused or bool(REFUSALS.search(answer.answer))


# ---- numbers -----------------------------------------------------------------------------


def compatible(found: str | None, expected: str) -> bool:
    """Whether a figure in `found` units can be the expected figure."""
    if expected == "%":
        return found == "%"
    if expected in ("USD", "USD/shares"):
        return found in (None, "USD", "USD/shares")
    if expected == "shares":
        return found in (None, "shares")
    return found in (None, "x", "days", expected or None)


def close_enough(value: float, expected: float, unit: str, tolerance: float = TOLERANCE) -> bool:
    """Within `tolerance` (relative), or within PERCENT_POINTS for a percentage."""
    value, expected = abs(value), abs(expected)
    if abs(value - expected) <= tolerance * expected:
        return True
    return unit == "%" and abs(value - expected) <= PERCENT_POINTS


def number_matches(
    number: Number, expected: float, unit: str, tolerance: float = TOLERANCE
) -> bool:
    """A figure of the answer equals the expected one after unit and scale normalization."""
    if not compatible(number.unit, unit):
        return False
    candidates = [number.value]
    if number.scale == 1 and unit in ("USD", "shares") and abs(expected) >= LARGE:
        candidates += [number.value * scale for scale in TABLE_SCALES]
    return any(close_enough(c, expected, unit, tolerance) for c in candidates)


def number_found(answer: Answer, expected: dict) -> bool:
    """The expected number is in the answer text or among its computed facts."""
    value, unit = expected["value"], expected.get("unit") or ""
    tolerance = expected.get("tolerance", TOLERANCE)
    if any(number_matches(n, value, unit, tolerance) for n in numbers_in(answer.answer)):
        return True
    return any(
        compatible(fact.unit, unit) and close_enough(fact.value, value, unit, tolerance)
        for fact in answer.facts
    )


# ---- evidence ----------------------------------------------------------------------------


def cited_pages(citation: Citation) -> set[int]:
    """1-based pages named in the citation's locator ("Page 55, page 55")."""
    return {int(p) for p in re.findall(r"\bpage\s+(\d+)", citation.locator or "", re.I)}


def cites(citation: Citation, evidence: dict) -> bool:
    """Whether the citation is the expected document (and page, for FinanceBench evidence)."""
    if "page" in evidence:
        where = f"{citation.title} {citation.locator or ''}".lower()
        named = evidence["document"].lower() in where
        return named and evidence["page"] in cited_pages(citation)
    for key in ("source", "ticker", "form"):
        if (
            key in evidence
            and (getattr(citation, key) or "").casefold() != evidence[key].casefold()
        ):
            return False
    if "title" in evidence and evidence["title"].casefold() not in citation.title.casefold():
        return False
    return "document_id" not in evidence or _same_filing(citation, evidence["document_id"])


def _same_filing(citation: Citation, document_id: str) -> bool:
    """An EDGAR archive URL must hold the accession; other or no URLs cannot tell, so pass."""
    url = citation.url or ""
    accession = document_id.removeprefix("sec:").replace("-", "")
    return "/Archives/edgar/data/" not in url or accession in url


def evidence_hit(citations: list[Citation], evidence: list[dict], k: int | None = None) -> bool:
    """Some of the first `k` citations (all when None) is some expected evidence."""
    return any(cites(c, e) for c in citations[:k] for e in evidence)


# ---- key terms ---------------------------------------------------------------------------


def normalize(text: str) -> str:
    text = text.casefold().replace("’", "'").replace("&", " and ")
    return re.sub(r"\s+", " ", text)


def stem(word: str) -> str:
    """A crude stem: drop -ing/-ed/-s/-ly and keep six letters ("cyclicality" ~ "cyclical")."""
    word = word.casefold().replace("’", "'").removesuffix("'s").strip("'")
    for suffix in ("ing", "ed", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:6]


def stems(text: str) -> set[str]:
    return {stem(w) for w in WORD.findall(text.casefold())}


def term_present(option: str, text: str, answer_stems: set[str], figures: list[Number]) -> bool:
    """One accepted form of a key term: a figure, a single word (by stem), or a phrase."""
    term_numbers = numbers_in(option)
    if len(term_numbers) == 1 and len(term_numbers[0].text) >= len(option.strip()) - 1:
        return any(_figure_equals(term_numbers[0], f) for f in figures)
    if re.fullmatch(r"[A-Za-z][A-Za-z'’-]*", option.strip()):
        return stem(option.strip()) in answer_stems
    return normalize(option).strip() in normalize(text)


def _figure_equals(term: Number, figure: Number) -> bool:
    """Figures in key terms: years exactly, other numbers within TOLERANCE in a fitting unit."""
    if term.unit is None and term.scale == 1 and term.value.is_integer():
        if 1900 <= term.value <= 2100:
            return figure.value == term.value and figure.scale == 1
    return number_matches(figure, term.value, term.unit or "")


def key_term_overlap(text: str, key_terms: list) -> float:
    """Share of key terms (a string, or a list of accepted alternatives) found in `text`; at
    most KEY_TERM_CAP terms are asked for, so a long gold answer does not demand every detail."""
    if not key_terms:
        return 1.0
    answer_stems, figures = stems(text), numbers_in(text)
    found = sum(
        any(term_present(o, text, answer_stems, figures) for o in _options(term))
        for term in key_terms
    )
    return min(1.0, found / min(len(key_terms), KEY_TERM_CAP))


def _options(term) -> list[str]:
    return term if isinstance(term, list) else [term]


def polarity(text: str) -> str | None:
    """The answer's opening "yes" or "no", if it opens with one."""
    match = re.match(r"\W*(yes|no)\b", text, re.IGNORECASE)
    return match.group(1).lower() if match else None


# ---- one answer --------------------------------------------------------------------------


def score(expected: dict, answer: Answer) -> Verdict:
    """Score an answer; an unanswerable question is correct iff the answer refuses."""
    refused = is_refusal(answer)
    evidence = expected.get("evidence") or []
    hit = evidence_hit(answer.citations, evidence, RECALL_K) if evidence else None
    if expected["kind"] == "refuse":
        return Verdict(refused, refused, hit, "refused" if refused else "answered, should refuse")
    if refused:
        return Verdict(False, True, hit, "refused an answerable question")
    if expected["kind"] == "number":
        return _score_number(expected, answer, hit)
    return _score_text(expected, answer, evidence, hit)


def _score_number(expected: dict, answer: Answer, hit: bool | None) -> Verdict:
    shown = f"{expected['value']:,.6g} {expected.get('unit') or ''}".strip()
    if number_found(answer, expected):
        return Verdict(True, False, hit, f"found {shown}")
    tolerance = expected.get("tolerance", TOLERANCE)
    return Verdict(False, False, hit, f"no figure within {tolerance:.0%} of {shown}")


def _score_text(expected: dict, answer: Answer, evidence: list[dict], hit: bool | None) -> Verdict:
    if evidence and not evidence_hit(answer.citations, evidence):
        return Verdict(False, False, hit, "expected evidence not cited")
    wanted = expected.get("polarity")
    if wanted and polarity(answer.answer) not in (None, wanted):
        return Verdict(
            False, False, hit, f"answers {polarity(answer.answer)!r}, expected {wanted!r}"
        )
    overlap = key_term_overlap(answer.answer, expected.get("key_terms", []))
    needed = expected.get("min_overlap", MIN_OVERLAP)
    ok = overlap >= needed
    return Verdict(ok, False, hit, f"key terms {overlap:.0%} ({'≥' if ok else '<'} {needed:.0%})")
