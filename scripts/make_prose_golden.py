"""The golden set's `prose` rows: list questions (risk factors, legal proceedings, market
risks, cybersecurity, 8-K items, key customers, strategy) over the demo filings and over
FinanceBench 10-K PDFs uploaded beside them, with the expected items derived here from the
filings' own headings and sentences.

Independent of `ingestion/` and `rag/`: the filing HTML is read with lxml, the Item's region
is found by its printed "Item 1A" line (the occurrence with the most text after it, so the
table of contents loses), and an expected item is a paragraph printed wholly in bold or italic
(tag or style) that has body text after it. 8-K items come from EDGAR's own item list in
`filings.json` and the 8-K's printed "Item N.NN" lines.

Customers: the sentences stating a customer's (or "no customer's") percentage of revenue, sales
or receivables. Strategy: the opening sentences of the paragraphs under a bold "... Strategies"
heading in Item 1, else Item 1's "We seek to / We are focused on / ..." sentences. Uploaded PDFs
(`UPLOADS`, indexed beside the demo corpus through `expected.uploads`): the risk factors are the
lines Item 1A prints in a bold font (read with pypdf's font names), wrapped lines joined.

`python scripts/make_prose_golden.py` rewrites data/eval/golden.jsonl with these rows after
the others; scripts/make_golden.py appends the same rows, so the two agree.
"""

import json
import re
from pathlib import Path

import lxml.html
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data/sample/sec"
OUT = ROOT / "data/eval/golden.jsonl"
BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6")
BOLD = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)|font-style\s*:\s*italic", re.I)
PLAIN = re.compile(r"font-weight\s*:\s*(normal|[1-5]00)", re.I)
MIN_NAMED = 3
PDFS = ROOT / "data/eval/financebench/pdfs"
UPLOADS = {"BOEING_2022_10K": "Boeing", "NIKE_2023_10K": "Nike", "BESTBUY_2023_10K": "Best Buy"}
CUSTOMERS = [
    "Who are {name}'s key customers?",
    "Which customers account for a large share of {name}'s revenue?",
]
STRATEGY = ["What is {name}'s business strategy?", "What are {name}'s strategic priorities?"]
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
SHARE_OF = re.compile(
    r"(?:%|\bpercent\b)[^.;]{0,40}?\bof\s+(?:\S+\s+){0,4}?(?:revenues?|sales|receivables?)\b", re.I
)
CUSTOMER = re.compile(r"\b(?:customers?|clients?|entity|government)\b", re.I)
ELSEWHERE = re.compile(
    r"outside|located|vendor|supplier|channel|categor|countr|region|non-U\.?S|foreign|"
    r"international|billing",
    re.I,
)
SEEKS = re.compile(
    r"^(?:We|The Company) (?:seeks? to|strives? to|aims? to|(?:is|are) (?:focused|guided)|"
    r"intends? to)\b|^Our (?:business )?strategy (?:is|includes)\b"
)
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
    for filing in annual:
        texts = [t for t, _ in blocks(SAMPLE / filing["file"])]
        said = customer_sentences(texts)
        for n, question in enumerate(CUSTOMERS if said else []):
            out.append(_row("customers", n, filing, question, said, min(2, len(said))))
        stated = strategy(region(blocks(SAMPLE / filing["file"]), "1"))
        for n, question in enumerate(STRATEGY if stated else []):
            out.append(_row("strategy", n, filing, question, stated, min(3, len(stated))))
    return out + upload_rows()


def sentences(texts: list[str]) -> list[str]:
    return [s.strip() for text in texts for s in SENTENCE.split(text) if s.strip()]


def customer_sentences(texts: list[str]) -> list[str]:
    """Sentences giving a customer's percentage of revenue, sales or receivables."""
    found = [
        s
        for s in sentences(texts)
        if CUSTOMER.search(s) and SHARE_OF.search(s) and not ELSEWHERE.search(s) and len(s) < 600
    ]
    kept = [s for s in found if "$" not in s and not s.endswith(":")]  # ":" opens a table
    return list(dict.fromkeys(s for s in kept if len(re.findall(r"\d+", s)) <= 10))


def strategy(part: list[tuple[str, bool]]) -> list[str]:
    """The first sentences of the paragraphs under Item 1's bold strategy heading, else Item 1's
    sentences saying what the company seeks, aims or intends, or what it is focused on."""
    start = next(
        (i for i, (t, bold) in enumerate(part) if bold and re.search(r"strateg", t, re.I)), None
    )
    if start is not None:
        after = []
        for text, bold in part[start + 1 :]:
            if bold:
                break
            first = SENTENCE.split(text)[0]
            if len(first.split()) >= 4 and not first.endswith(":"):
                after.append(first)
        if len(after) >= 2:
            return after
    return list(dict.fromkeys(s for s in sentences([t for t, _ in part]) if SEEKS.search(s)))


# ---- uploaded PDFs ------------------------------------------------------------------------


def pdf_lines(name: str) -> list[tuple[str, bool]]:
    """Every line of the PDF with whether all its letters are set in a bold font."""
    out: list[tuple[str, bool]] = []
    for page in PdfReader(PDFS / f"{name}.pdf").pages:
        pieces: list[tuple[str, bool]] = []

        def visit(text, _cm, _tm, font, _size, pieces=pieces):
            name = str((font or {}).get("/BaseFont", "")) if font else ""
            pieces.append((text, bool(re.search(r"bold|black|heavy|semibold|demi", name, re.I))))

        page.extract_text(visitor_text=visit)
        line, flags = "", []
        for text, bold in pieces + [("\n", False)]:
            for n, part in enumerate(text.split("\n")):
                if n:
                    if line.strip():
                        out.append((" ".join(line.split()), bool(flags) and all(flags)))
                    line, flags = "", []
                line += part
                flags += [bold] * sum(c.isalpha() for c in part)
    return out


def pdf_risks(lines: list[tuple[str, bool]]) -> list[str]:
    """The bold sentences from an "Item 1A. Risk Factors" line to the next "Item 1B" line (of
    the lines so printed, the one with the most: the table of contents has none)."""
    best: list[str] = []
    for start, (text, _) in enumerate(lines):
        if re.match(r"^item\s*1a\.?\s*risk factors\.?$", text, re.I):
            found = _bold_sentences(lines[start + 1 :])
            best = found if len(found) > len(best) else best
    return best


def _bold_sentences(lines: list[tuple[str, bool]]) -> list[str]:
    found, current = [], []
    for text, bold in lines:
        if re.match(r"^item\s*1b\b", text, re.I):
            break
        if bold and current and len(current[-1]) < 60 and not current[-1].endswith("."):
            current = []  # a group's title ("Risks Related to ...") over the first risk
        if bold:
            current.append(text)
        if (not bold or text.endswith(".")) and current:
            heading = " ".join(current)
            if heading.endswith(".") and len(heading.split()) >= 6:
                found.append(heading)
            current = []
    return found


def upload_rows() -> list[dict]:
    """Risk factors and customers of FinanceBench 10-K PDFs, asked as uploads."""
    out = []
    for stem, company in UPLOADS.items():
        lines = pdf_lines(stem)
        risks = pdf_risks(lines)
        asks = [("risks", q, risks, MIN_NAMED) for q in ASKS["risks"][1][:2]]
        said = customer_sentences([" ".join(t for t, _ in lines)])
        asks += [("customers", CUSTOMERS[0], said, 1)] if said else []
        for n, (kind, question, items, need) in enumerate(asks):
            row = _row(
                kind,
                n,
                {"ticker": stem, "form": "10-K"},
                question.format(name=company),
                items,
                need,
            )
            row["id"] = f"prose-upload-{kind}-{stem.lower()}-{n + 1}"
            row["expected"]["evidence"] = [{"source": "upload", "form": "10-K", "title": stem}]
            row["expected"]["uploads"] = [f"{stem}.pdf"]
            out.append(row)
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
    name = NAMES.get(filing["ticker"], filing["ticker"])
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
                    "document_id": f"sec:{filing.get('accession')}",
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
