"""The golden set's `prose` rows: list questions (risk factors, legal proceedings, market
risks, cybersecurity, 8-K items) over the demo filings, with the expected items derived here
from the filings' own headings.

Independent of `ingestion/` and `rag/`: the filing HTML is read with lxml, the Item's region
is found by its printed "Item 1A" line (the occurrence with the most text after it, so the
table of contents loses), and an expected item is a paragraph printed wholly in bold or italic
(tag or style) that has body text after it. 8-K items come from EDGAR's own item list in
`filings.json` and the 8-K's printed "Item N.NN" lines.

`python scripts/make_prose_golden.py` rewrites data/eval/golden.jsonl with these rows after
the others; scripts/make_golden.py appends the same rows, so the two agree.
"""

import json
import re
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data/sample/sec"
OUT = ROOT / "data/eval/golden.jsonl"
BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6")
BOLD = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)|font-style\s*:\s*italic", re.I)
PLAIN = re.compile(r"font-weight\s*:\s*(normal|[1-5]00)", re.I)
MIN_NAMED = 3
NAMES = {"AAPL": "Apple", "NVDA": "NVIDIA", "TSLA": "Tesla", "AMZN": "Amazon", "JPM": "JPMorgan"}

# (kind, item key of the section, Item after it, questions with {name}); several phrasings
# per kind, none of them a template the product alone matches.
ASKS = {
    "risks": (
        "1A",
        [
            "What are {name}'s main risk factors?",
            "Which risks does {name} warn investors about in its latest annual report?",
            "What could go wrong for {name}, according to its 10-K?",
            "List the key threats to {name}'s business that it discloses.",
            "What are the biggest uncertainties {name} faces?",
            "Summarize the risk factors in {name}'s most recent 10-K.",
        ],
    ),
    "legal": (
        "3",
        [
            "What legal proceedings does {name} disclose in its 10-K?",
            "Which lawsuits is {name} involved in, per its annual report?",
        ],
    ),
    "market_risk": (
        "7A",
        [
            "What market risks does {name} describe in its 10-K?",
            "How is {name} exposed to market risk, according to its annual report?",
        ],
    ),
    "cyber": (
        "1C",
        ["How does {name} describe its cybersecurity risk management and governance?"],
    ),
}
EVENTS = [
    "What did {name}'s latest 8-K announce?",
    "What events did {name} report in its most recent current report?",
    "Which items were covered in {name}'s last 8-K filing?",
]


def filings() -> list[dict]:
    return json.loads((SAMPLE / "filings.json").read_text())


def blocks(path: Path) -> list[tuple[str, bool]]:
    """(text, all bold or italic) of each innermost block element, in document order."""
    root = lxml.html.document_fromstring(path.read_bytes())
    out = []
    for el in root.iter(*BLOCKS):
        if any(isinstance(c.tag, str) and c.tag in BLOCKS for c in el):
            continue
        if el.tag == "td" or any(a.tag == "td" for a in el.iterancestors()):
            continue  # a table's cells are column labels and figures, not headings
        pieces = [(t, _emphasized(t.getparent(), t.is_tail)) for t in el.xpath(".//text()")]
        text = " ".join("".join(t for t, _ in pieces).split()).replace("\u2019", "'")
        letters = [e for t, e in pieces for c in t if c.isalpha()]
        if text:
            out.append((text, bool(letters) and all(letters)))
    return out


def _emphasized(el, is_tail: bool) -> bool:
    if is_tail:
        el = el.getparent()
    while el is not None:
        style = el.get("style") or ""
        if el.tag in ("b", "strong", "i", "em") or BOLD.search(style):
            return True
        if PLAIN.search(style):
            return False
        el = el.getparent()
    return False


def region(items: list[tuple[str, bool]], key: str) -> list[tuple[str, bool]]:
    """The blocks of the Item with the most text (the table of contents has little)."""
    start = re.compile(rf"^item\s*{re.escape(key)}\b", re.I)
    nxt = re.compile(r"^item\s*\d{1,2}[a-d]?\b", re.I)
    best: list[tuple[str, bool]] = []
    for i, (text, _) in enumerate(items):
        if start.match(text):
            end = next((j for j in range(i + 1, len(items)) if nxt.match(items[j][0])), len(items))
            if sum(len(t) for t, _ in items[i:end]) > sum(len(t) for t, _ in best):
                best = items[i + 1 : end]
    return best


def headings(part: list[tuple[str, bool]]) -> list[str]:
    """Bold/italic paragraphs followed by plain text (a heading over text, not a group title
    nor italic prose), at most 400 characters, starting with a capital."""
    found = []
    for (text, bold), following in zip(part, part[1:] + [("", False)], strict=True):
        if bold and not following[1] and following[0] and 8 <= len(text) <= 400:
            if text[0].isupper() and not re.match(r"^(item|part)\s", text, re.I):
                found.append(text)
    return list(dict.fromkeys(found))


def rows() -> list[dict]:
    """Every prose row, in a stable order."""
    out = []
    annual = [f for f in filings() if f["form"] == "10-K"]
    for kind, (key, questions) in ASKS.items():
        for filing in annual:
            items = headings(region(blocks(SAMPLE / filing["file"]), key))
            if len(items) < 2:
                continue
            for n, question in enumerate(_take(questions, filing, kind)):
                out.append(_row(kind, n, filing, question, items, min(MIN_NAMED, len(items))))
    for filing in (f for f in filings() if f["form"] == "8-K"):
        items = _eight_k_items(filing)
        for n, question in enumerate(EVENTS):
            out.append(_row("events", n, filing, question, items, len(items)))
    return out


def _take(questions: list[str], filing: dict, kind: str) -> list[str]:
    """Four phrasings per company for risk factors (a different four each), else all."""
    if kind != "risks":
        return questions
    shift = sorted(NAMES).index(filing["ticker"])
    return [questions[(shift + i) % len(questions)] for i in range(4)]


def _eight_k_items(filing: dict) -> list[list[str]]:
    """Each EDGAR-listed item as its number and the title the 8-K prints after it."""
    text = [t for t, _ in blocks(SAMPLE / filing["file"])] if filing["file"].endswith("htm") else []
    raw = (SAMPLE / filing["file"]).read_text(errors="replace")
    numbers = filing["items"] or re.findall(r"ITEM INFORMATION:\s*\S.*", raw)
    items = []
    for number in filing["items"] or []:
        printed = next((t for t in text if re.match(rf"^item\s*{re.escape(number)}", t, re.I)), "")
        title = re.sub(rf"^item\s*{re.escape(number)}\.?\s*", "", printed, flags=re.I).strip(" .")
        items.append([f"Item {number}", *([title] if title else [])])
    if not items:  # a full SGML submission: its header names the items by title
        items = [[line.split(":", 1)[1].strip()] for line in numbers]
    return items


def _row(kind: str, n: int, filing: dict, question: str, items: list, need: int) -> dict:
    name = NAMES[filing["ticker"]]
    return {
        "id": f"prose-{kind}-{filing['ticker'].lower()}-{n + 1}",
        "type": "prose",
        "question": question.format(name=name),
        "history": [],
        "expected": {
            "kind": "items",
            "items": [i if isinstance(i, list) else [i] for i in items],
            "min_named": need,
            "evidence": [
                {
                    "source": "sec",
                    "ticker": filing["ticker"],
                    "form": filing["form"],
                    "document_id": f"sec:{filing['accession']}",
                }
            ],
        },
    }


def render(found: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in found)


def main() -> None:
    kept = [line for line in OUT.read_text().splitlines(keepends=True) if '"prose"' not in line]
    prose = rows()
    OUT.write_text("".join(kept) + render(prose), encoding="utf-8")
    print(f"wrote {len(prose)} prose questions to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
