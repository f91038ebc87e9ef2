"""Scoring one answer against its expected result, strictly: numbers with their sign and scale,
text that names the gold answer's entities and picks what it picks, yes/no read from the whole
first sentence, and evidence that counts only when the answer cites it. No LLM judge.

The rules (data/eval/README.md "Scoring" has them with examples; tests/evals pin each down):
- A figure is read with its sign and direction (evals.reading): "fell 15.7%" is -15.7, so a
  15.7% rise does not pass for a 15.66% fall. A bare figure is never rescaled: "30" is 30, not
  $30 million, unless the answer's own sentence states a scale ("(in millions)").
- Only the answer's text counts, not the facts attached to it, and only the sources its text
  cites with [n] count as evidence.
- A text answer must name every key entity of the gold answer whole, pick the gold's option when
  the question lists options, keep each figure with its year, and say yes or no as the gold does.
"""

import math
import re
from dataclasses import dataclass

from core.types import Answer, Citation
from evals.gold import names, picked, picks_first, restates
from evals.reading import Figure, figures, first_sentence, polarity, year_of
from rag.answer.grounding import cited_sources, numbers_in

TOLERANCE = 0.01  # relative: 12.6 billion matches 12,645 million (0.36% off), 13 billion does not
PERCENT_POINTS = 0.05  # a percentage also matches within 0.05 points ("2.0%" for 2.022%)
MIN_OVERLAP = 1.0  # share of key terms a text answer must contain (golden rows: all of them)
KEY_TERM_CAP = 8  # a long gold answer asks for at most this many of its terms
RECALL_K = 5  # evidence must be among the first RECALL_K cited sources to count for recall@5

REFUSALS = re.compile(
    r"(?:sources?|documents?|filings?|context|data|information|index|passages?)\s+"
    r"(?:provided\s+|given\s+|available\s+)?(?:do|does|did)\s*(?:n['’]t|\snot)\s+"
    r"(?:contain|include|mention|provide|say|cover|have|specify|state|show)"
    r"|\bnot (?:found|available|present|included|covered) in the (?:indexed |provided )?"
    r"(?:sources|documents|data|context|index)"
    r"|\b(?:cannot|can['’]t|can not|unable to|not able to) (?:answer|determine|find|provide|"
    r"predict|tell|say)"
    r"|\bno (?:information|data|mention) (?:about|on|regarding|for|of)\b"
    r"|\b(?:i|we) (?:have|hold) no (?:filings|data|prices|documents|information)\b"
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
    """Whether a figure in `found` units can be the expected figure (a unitless ratio may be
    written as a percentage: 0.54 as 54%)."""
    if expected == "%":
        return found == "%"
    if expected in ("USD", "USD/shares"):
        return found in (None, "USD", "USD/shares")
    if expected == "shares":
        return found in (None, "shares")
    return found in (None, "x", "days", "%", expected or None)


def close_enough(
    value: float, expected: float, unit: str, tolerance: float = TOLERANCE, precision: float = 0.0
) -> bool:
    """Same sign, and within `tolerance` (relative), PERCENT_POINTS for a percentage, or the
    `precision` the gold was printed with (half a unit of its last digit)."""
    if value != 0 and expected != 0 and math.copysign(1, value) != math.copysign(1, expected):
        return False
    gap = abs(value - expected)
    if gap <= tolerance * abs(expected) or gap <= precision * (1 + 1e-9):
        return True
    return unit == "%" and gap <= PERCENT_POINTS


def figure_matches(figure: Figure, expected: dict) -> bool:
    """A figure of the answer, read with its sign and stated scale, is the expected value."""
    unit = expected.get("unit") or ""
    if not compatible(figure.unit, unit):
        return False
    values = figure.values
    if unit == "" and figure.unit == "%":
        values = tuple(v / 100 for v in values)
    tolerance = expected.get("tolerance", TOLERANCE)
    precision = expected.get("precision", 0.0)
    return any(close_enough(v, expected["value"], unit, tolerance, precision) for v in values)


def matching_figure(text: str, expected: dict) -> Figure | None:
    """The first figure of `text` that is the expected value."""
    return next((f for f in figures(text) if figure_matches(f, expected)), None)


# ---- evidence ----------------------------------------------------------------------------


def cited(answer: Answer) -> list[Citation]:
    """The sources the answer's text cites with [n], in the order the answer lists them."""
    used = set(cited_sources(answer.answer))
    return [c for c in answer.citations if c.n in used]


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


def term_present(option: str, text: str, answer_stems: set[str], found: list[Figure]) -> bool:
    """One accepted form of a key term: a figure (signed, years exactly), a single word (by
    stem), or a phrase (case, whitespace and "&"/"and" normalized)."""
    term_numbers = numbers_in(option)
    if len(term_numbers) == 1 and len(term_numbers[0].text) >= len(option.strip()) - 1:
        term = term_numbers[0]
        wanted = {"value": term.value, "unit": term.unit or ""}
        return any(figure_matches(f, wanted) for f in found)
    if re.fullmatch(r"(?:19|20)\d{2}", option.strip()):
        return bool(re.search(rf"(?<![\d,.]){option.strip()}(?!\d)", text))
    if re.fullmatch(r"[A-Za-z][A-Za-z'’-]*", option.strip()):
        return stem(option.strip()) in answer_stems
    return normalize(option).strip() in normalize(text)


def key_term_overlap(text: str, key_terms: list, key_figures: list[dict] = ()) -> float:
    """Share of key terms (a string, or a list of accepted alternatives) and key figures found
    in `text`; at most KEY_TERM_CAP are asked for, so a long gold answer does not demand every
    detail."""
    total = len(key_terms) + len(key_figures)
    if not total:
        return 1.0
    answer_stems, found = stems(text), figures(text)
    hits = sum(
        any(term_present(o, text, answer_stems, found) for o in _options(term))
        for term in key_terms
    )
    hits += sum(any(figure_matches(f, wanted) for f in found) for wanted in key_figures)
    return min(1.0, hits / min(total, KEY_TERM_CAP))


def _options(term) -> list[str]:
    return term if isinstance(term, list) else [term]


# ---- one answer --------------------------------------------------------------------------


def score(expected: dict, answer: Answer, question: str = "") -> Verdict:
    """Score an answer; an unanswerable question is correct iff the answer refuses."""
    refused = is_refusal(answer)
    evidence = expected.get("evidence") or []
    sources = cited(answer)
    hit = evidence_hit(sources, evidence, RECALL_K) if evidence else None
    if expected["kind"] == "refuse":
        return Verdict(refused, refused, hit, "refused" if refused else "answered, should refuse")
    if refused:
        return Verdict(False, True, hit, "refused an answerable question")
    if expected["kind"] == "comparison":
        return score_comparison(expected, answer)
    if expected["kind"] == "number":
        return _score_number(expected, answer, hit)
    if expected["kind"] == "items":
        return _score_items(expected, answer, sources, hit)
    if expected["kind"] == "move":
        return _score_move(expected, answer, sources)
    if evidence and not evidence_hit(sources, evidence):
        return Verdict(False, False, hit, "expected evidence not cited")
    problem = contradiction(expected, answer.answer, question)
    if problem:
        return Verdict(False, False, hit, problem)
    overlap = key_term_overlap(
        answer.answer, expected.get("key_terms", []), expected.get("key_figures", [])
    )
    needed = expected.get("min_overlap", MIN_OVERLAP)
    ok = overlap >= needed - 1e-9
    return Verdict(ok, False, hit, f"key terms {overlap:.0%} ({'≥' if ok else '<'} {needed:.0%})")


def _score_move(expected: dict, answer: Answer, sources: list[Citation]) -> Verdict:
    """A price-move answer: one sentence states the move on its date (size and sign within
    `tolerance_points`), some cited filing or story is an expected event of the right day, and
    no filing or story cited as an event (one with a document id) lies outside the row's
    window."""
    day, points = expected["date"], expected.get("tolerance_points", PERCENT_POINTS)
    stated = any(
        day in sentence
        and any(
            f.unit == "%" and abs(f.value - expected["value"]) <= points for f in figures(sentence)
        )
        for sentence in re.split(r"(?<=[.!?])\s+|\n", answer.answer)
    )
    if not stated:
        return Verdict(
            False, False, False, f"no sentence states the move {expected['value']:+.2f}% on {day}"
        )
    wanted = {(e["document_id"], e["date"]) for e in expected["events"]}
    hit = any((c.document_id, c.date) in wanted for c in sources)
    if not hit:
        return Verdict(False, False, False, "no expected event of the right day cited")
    start, end = expected["window"]
    outside = [  # filings and stories cited as events (a figure's XBRL source names none)
        c.title
        for c in sources
        if c.source in ("sec", "news") and c.document_id and not start <= (c.date or "") <= end
    ]
    if outside:
        return Verdict(False, False, True, f"cites an event outside {start}..{end}: {outside[0]}")
    return Verdict(True, False, True, "move, date and event right")


def _score_items(
    expected: dict, answer: Answer, sources: list[Citation], hit: bool | None
) -> Verdict:
    """A list answer: at least `min_named` of the expected items named, and the expected
    filing cited."""
    if not evidence_hit(sources, expected.get("evidence") or []):
        return Verdict(False, False, hit, "expected filing not cited")
    named = sum(any(item_named(o, answer.answer) for o in item) for item in expected["items"])
    need = expected["min_named"]
    ok = named >= need
    return Verdict(ok, False, hit, f"named {named} of {len(expected['items'])} items (need {need})")


def item_named(item: str, text: str) -> bool:
    """The item's words are in the answer: whole, or 80% of its content words in one line."""
    if normalize(item).strip(" .") in normalize(text):
        return True
    wanted = {stem(w) for w in WORD.findall(item.casefold()) if len(w) >= 4}
    if not wanted:
        return False
    return any(len(wanted & stems(line)) >= 0.8 * len(wanted) for line in text.splitlines())


def _score_number(expected: dict, answer: Answer, hit: bool | None) -> Verdict:
    shown = f"{expected['value']:,.6g} {expected.get('unit') or ''}".strip()
    if matching_figure(answer.answer, expected):
        return Verdict(True, False, hit, f"found {shown}")
    tolerance = expected.get("tolerance", TOLERANCE)
    return Verdict(False, False, hit, f"no figure within {tolerance:.0%} of {shown} (signed)")


def contradiction(expected: dict, text: str, question: str) -> str | None:
    """Why a text answer contradicts the gold, or None: the wrong yes/no, a key entity not
    named, the gold's pick not given first, another option picked, a gold figure with the
    opposite sign, or a figure given for the other year."""
    company = expected.get("company", "")
    wanted = expected.get("polarity")
    if wanted:
        said = polarity(text, question, restates(text, question, company))
        if said != wanted:
            return f"says {said or 'neither yes nor no'!s} in its first sentence, expected {wanted}"
    for forms in expected.get("key_entities", []):
        if not any(names(text, form) for form in forms):
            return f"does not name {forms[0]!r}"
    pick = expected.get("pick")
    if pick and not picks_first(first_sentence(text), pick, question, company):
        return f"does not give {pick!r} first in its first sentence"
    choices = expected.get("options", [])
    if choices and expected.get("option"):
        chosen = picked(first_sentence(text), choices) or picked(text, choices)
        if chosen != expected["option"]:
            listed = ", ".join(choices)
            return f"picks {chosen or 'none'} of {listed}, expected {expected['option']}"
    return _wrong_sign(expected.get("key_figures", []), text) or _swapped_year(
        expected.get("dated_figures", []), text
    )


def _wrong_sign(key_figures: list[dict], text: str) -> str | None:
    """A gold figure the answer gives only with the opposite sign or direction ("$473 million"
    for a gold -$473 million, "rose 1.1%" for a decline of 1.1%)."""
    found = figures(text)
    for wanted in key_figures:
        if any(figure_matches(f, wanted) for f in found):
            continue
        flipped = dict(wanted, value=-wanted["value"])
        wrong = next((f for f in found if figure_matches(f, flipped)), None)
        if wrong:
            return f"gives {wrong.number.text} with the opposite sign of {wanted['text']}"
    return None


def _swapped_year(dated: list[dict], text: str) -> str | None:
    """A gold figure the answer gives for another of the gold's years (tax rates swapped)."""
    years = {d["year"] for d in dated}
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        found = figures(sentence)
        numbers = [f.number for f in found]
        for d in dated:
            for figure in found:
                if not figure_matches(figure, d):
                    continue
                year = year_of(sentence, figure.number, numbers)
                if year in years and year != d["year"]:
                    return f"gives {figure.number.text} for {year}, the gold has it for {d['year']}"
    return None


# ---- comparisons across companies --------------------------------------------------------


def score_comparison(expected: dict, answer: Answer) -> Verdict:
    """A comparison is right when its `table` has every expected cell right within rounding in
    the right company's row (its fact cited to that company), no figure for a company expected
    to have none, no row for a company not asked, and the verdict names the winner first."""
    refused = is_refusal(answer)
    wrong = _comparison_error(expected, answer)
    return Verdict(not wrong, refused, None, wrong or "every cell and the verdict right")


def _comparison_error(expected: dict, answer: Answer) -> str | None:
    table = answer.table
    if table is None:
        return "no comparison table"
    rows = {row.ticker: row for row in table.rows}
    if extra := sorted(set(rows) - set(expected["tickers"])):
        return f"rows for companies not asked: {', '.join(extra)}"
    tolerance = expected.get("tolerance", TOLERANCE)
    for want in expected["cells"]:
        row = rows.get(want["ticker"])
        cell = next((c for c in row.cells if c.period == want["period"]), None) if row else None
        where = f"{want['ticker']} {want['period']}"
        if cell is None or cell.value is None:
            return f"no value for {where}"
        unit = "%" if want["period"] == "growth" else expected["unit"]
        if not close_enough(cell.value, want["value"], unit, tolerance):
            return f"{where} is {cell.value:g}, expected {want['value']:g}"
        if _cell_company(answer, cell.fact) != want["ticker"]:
            return f"{where} is cited to another company's source"
    for ticker in expected["absent"]:
        row = rows.get(ticker)
        if row is None or any(c.value is not None or not c.missing for c in row.cells):
            return f"{ticker} should be shown as missing, with the reason"
    named = _first_named(answer.answer.split("\n", 1)[0], expected["tickers"])
    if named != expected["winner"]:
        return f"the verdict names {named or 'no company'} first, expected {expected['winner']}"
    return None


def _cell_company(answer: Answer, fact: int | None) -> str | None:
    """The ticker of the source a cell's fact is cited to."""
    if fact is None or fact >= len(answer.facts):
        return None
    number = answer.facts[fact].citation
    return next((c.ticker for c in answer.citations if c.n == number), None)


def _first_named(line: str, tickers: list[str]) -> str | None:
    """The ticker written first in the verdict line."""
    found = [(m.start(), t) for t in tickers if (m := re.search(rf"\b{t}\b", line))]
    return min(found)[1] if found else None
