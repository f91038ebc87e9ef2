"""The "fresh" split of data/eval/support_sentences.jsonl: rows added after the thresholds and
mechanisms of rag.answer.support were fixed, to show how the check does on sentences it was never
tuned on. Two kinds:

- financebench: sentences written against passages of the FinanceBench PDFs
  (data/eval/financebench/pdfs; each passage is the page's text between two anchors, read here
  with pypdf), labelled by reading that passage only;
- demo: sentences the shipped model drafted for new questions on the demo store
  (scripts/draft_support_sentences.py, its output passed as DRAFTS), labelled by hand in LABELS
  below by reading the passages the answer was given.

Every label was written down before the check's verdict on the row was looked at.

    python scripts/add_fresh_support_rows.py DRAFTS.jsonl [MORE_DRAFTS.jsonl ...]
"""

import json
import re
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "eval" / "support_sentences.jsonl"
PDFS = ROOT / "data" / "eval" / "financebench" / "pdfs"
S, U = "supported", "unsupported"

# (pdf, page, ticker, first words, last words) of each passage.
PASSAGES = {
    "nike": ("NIKE_2023_10K", 9, "NKE", "The athletic footwear, apparel", "in all of these areas."),
    "ko": (
        "COCACOLA_2017_10K",
        10,
        "KO",
        "Water is a main ingredient",
        "difficulties in the future.",
    ),
    "bby": (
        "BESTBUY_2023_10K",
        4,
        "BBY",
        "We were incorporated in the state",
        "certain Best Buy enterprise capabilities.",
    ),
    "lmt_people": (
        "LOCKHEEDMARTIN_2022_10K",
        6,
        "LMT",
        "No material portion of our business",
        "union relations to be good.",
    ),
    "lmt_space": (
        "LOCKHEEDMARTIN_2022_10K",
        5,
        "LMT",
        "Space is engaged in",
        "in our financial results as of that date.",
    ),
}

# (question, passages, [(sentence, label, kind, why)])
FINANCEBENCH = [
    (
        "How does Nike describe its competition?",
        ["nike"],
        [
            (
                "Nike says the athletic footwear, apparel and equipment industry is highly "
                "competitive worldwide [1].",
                S,
                "supported",
                "first sentence",
            ),
            (
                "Nike names adidas, Puma, Under Armour and New Balance among its competitors [1].",
                S,
                "supported",
                "the list of competitors",
            ),
            (
                "NIKE describes itself as the largest seller of athletic footwear and apparel in "
                "the "
                "world [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "Nike says it is not competitive in consumer connection and brand engagement [1].",
                U,
                "negated",
                "it believes it is competitive in all of these areas",
            ),
            (
                "Nike names Skechers and Reebok among its main competitors [1].",
                U,
                "invented",
                "neither is named",
            ),
            (
                "Nike says competition in its industry is easing because technology changes slowly "
                "[1].",
                U,
                "invented",
                "it says rapid changes in technology; nothing eases",
            ),
            (
                "Important aspects of competition include product quality, consumer connection "
                "with "
                "brands and effective sourcing and distribution [1].",
                S,
                "supported",
                "the three bullets",
            ),
            (
                "Nike is the second largest seller of athletic footwear in the world [1].",
                U,
                "invented",
                "the largest",
            ),
            (
                "Intense competition and rapid changes in consumer preferences are significant "
                "risk "
                "factors in Nike's operations [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "Under Armour is the largest seller of athletic footwear and apparel in the world "
                "[1].",
                U,
                "other_company",
                "Nike is; Under Armour is a competitor",
            ),
        ],
    ),
    (
        "What raw materials does Coca-Cola depend on?",
        ["ko"],
        [
            (
                "Water is a main ingredient in substantially all of Coca-Cola's products [1].",
                S,
                "supported",
                "first sentence",
            ),
            (
                "In the United States, Coca-Cola's principal nutritive sweetener is high fructose "
                "corn syrup [1].",
                S,
                "supported",
                "HFCS in the United States",
            ),
            (
                "Outside the United States, the principal nutritive sweetener Coca-Cola uses is "
                "high "
                "fructose corn syrup [1].",
                U,
                "invented",
                "outside the U.S. it is sucrose",
            ),
            (
                "Coca-Cola buys aspartame primarily from Ajinomoto and SinoSweet [1].",
                S,
                "supported",
                "primary sources of aspartame",
            ),
            (
                "Coca-Cola buys sucralose from a limited number of suppliers in the United States "
                "and China [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "Coca-Cola says global demand for sucralose has decreased in recent years [1].",
                U,
                "negated",
                "it has increased",
            ),
            (
                "Coca-Cola has experienced significant water supply difficulties in recent years "
                "[1].",
                U,
                "negated",
                "historically it has not",
            ),
            (
                "Coca-Cola considers sucralose a critical raw material [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "Coca-Cola buys most of its aspartame from Cargill [1].",
                U,
                "invented",
                "Ajinomoto and SinoSweet",
            ),
            (
                "Coca-Cola expects major difficulties in obtaining non-nutritive sweeteners in the "
                "future [1].",
                U,
                "negated",
                "it does not anticipate such difficulties",
            ),
            (
                "Stringent environmental requirements have reduced or closed sucralose "
                "production in "
                "China [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "PepsiCo buys aspartame primarily from Ajinomoto and SinoSweet [1].",
                U,
                "other_company",
                "the passage is Coca-Cola's",
            ),
        ],
    ),
    (
        "What does Lockheed Martin say about its workforce and its Space segment?",
        ["lmt_people", "lmt_space"],
        [
            (
                "Lockheed Martin had approximately 116,000 employees as of December 31, 2022 [1].",
                S,
                "supported",
                "workforce demographics",
            ),
            (
                "About 60,000 of Lockheed Martin's employees are engineers, scientists and "
                "information technology professionals [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "Approximately 93% of Lockheed Martin's workforce was located in the U.S. [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "About 19% of Lockheed Martin's workforce was located outside the U.S. [1].",
                U,
                "wrong_number",
                "19% were covered by collective bargaining; 7% is outside",
            ),
            (
                "Approximately 93% of Lockheed Martin's employees were covered by collective "
                "bargaining agreements [1].",
                U,
                "wrong_number",
                "19% were; 93% is in the U.S.",
            ),
            (
                "Lockheed Martin had approximately 126,000 employees at the end of 2022 [1].",
                U,
                "wrong_number",
                "116,000",
            ),
            (
                "Lockheed Martin considers a material portion of its business to be seasonal [1].",
                U,
                "negated",
                "no material portion is seasonal",
            ),
            (
                "The timing of government awards and funding can affect how Lockheed Martin's "
                "sales "
                "are distributed between accounting periods [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "Management considers Lockheed Martin's employee and union relations to be good "
                "[1].",
                S,
                "supported",
                "stated",
            ),
            (
                "Lockheed Martin's Space segment builds satellites, space transportation systems "
                "and "
                "strategic and defensive systems [2].",
                S,
                "supported",
                "first sentence",
            ),
            (
                "The Orion Multi-Purpose Crew Vehicle is a spacecraft Lockheed Martin builds for "
                "NASA [2].",
                S,
                "supported",
                "Orion bullet",
            ),
            (
                "The Trident II D5 is a program with the U.S. Air Force [2].",
                U,
                "invented",
                "with the U.S. Navy",
            ),
            (
                "The GPS III program modernizes the GPS satellite system for the U.S. Space Force "
                "[2].",
                S,
                "supported",
                "GPS III bullet",
            ),
            (
                "Lockheed Martin's Space segment produces the F-35 fighter aircraft [2].",
                U,
                "invented",
                "the Space passage names no F-35",
            ),
            (
                "The UK Ministry of Defence terminated the AWE contract on June 30, 2021 [2].",
                S,
                "supported",
                "stated",
            ),
            (
                "The AWE program remained in Lockheed Martin's financial results after the "
                "renationalization [2].",
                U,
                "negated",
                "no longer included as of that date",
            ),
            (
                "Hypersonics programs with the U.S. Army and U.S. Navy design, develop and build "
                "hypersonic strike weapons [2].",
                S,
                "supported",
                "hypersonics bullet",
            ),
            (
                "Next Generation Interceptor is a program with NASA to provide homeland missile "
                "defense [2].",
                U,
                "invented",
                "with the Missile Defense Agency",
            ),
        ],
    ),
    (
        "How is Best Buy organised?",
        ["bby"],
        [
            ("Best Buy was incorporated in Minnesota in 1966 [1].", S, "supported", "stated"),
            ("Best Buy was incorporated in Delaware in 1966 [1].", U, "invented", "Minnesota"),
            ("Best Buy has operations in the U.S. and Canada [1].", S, "supported", "stated"),
            (
                "Best Buy's International segment comprises its operations in Canada [1].",
                S,
                "supported",
                "all operations in Canada",
            ),
            (
                "Best Buy's International segment includes its stores in Mexico [1].",
                U,
                "invented",
                "the Mexico stores were closed by fiscal 2022",
            ),
            (
                "In fiscal 2022, Best Buy acquired Current Health and Yardbird [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "In fiscal 2023, Best Buy acquired Current Health and Yardbird [1].",
                U,
                "wrong_period",
                "fiscal 2022",
            ),
            (
                "Best Buy's Domestic segment includes the Best Buy Health business [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "Best Buy's pricing, promotions and supply chain are managed separately by each "
                "store [1].",
                U,
                "invented",
                "centrally managed",
            ),
            (
                "Best Buy's Domestic and International segments are managed by leadership teams "
                "responsible for all areas of the business [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "Best Buy Health has a dedicated leadership team and operations team [1].",
                S,
                "supported",
                "stated",
            ),
            (
                "Best Buy's stores operate without standard procedures, leaving each store manager "
                "to set them [1].",
                U,
                "negated",
                "standard procedures, with some flexibility",
            ),
            (
                "Best Buy has three reportable segments: Domestic, International and Health [1].",
                U,
                "invented",
                "two: Domestic and International",
            ),
            (
                "Walmart has two reportable segments: Domestic and International [1].",
                U,
                "other_company",
                "the passage is Best Buy's",
            ),
        ],
    ),
]

# Model sentences of scripts/draft_support_sentences.py's output (the shipped model on the demo
# store, under the 25 s answer budget and again under 110 s), by (question, sentence): (label,
# kind, why), read against the passages that answer was given. Sentences of fewer than three
# words ("The") are no rows; a sentence drafted twice is labelled once.
_JSON = "The source contains the following JSON data:"
_LEAD = "The answer to this question is:"
LABELS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("How does Apple describe its competition?", _JSON): (U, "filler", "a lead-in to nothing"),
    (
        "How does Apple describe its competition?",
        '{"source": 1, "title": "Apple Inc. 2024-11-30", "section": "Item 1.", "date": '
        '"2024-11-30", "text": "Inventory of Apple\'s products and services is comprised of '
        "several different categories: the company has a variety of business models, including "
        "its own business model that includes both business models to provide for customers "
        "with access to goods or services.",
    ): (U, "invented", "a forged source record; no passage says this"),
    (
        "What does Amazon say about seasonality?",
        "CompanyThe source contains the following JSON data:",
    ): (
        U,
        "filler",
        "a lead-in to nothing",
    ),
    (
        "What does Amazon say about seasonality?",
        '{"source": 1, "title": "AMAZON COM INC 10-K for fiscal year ended 2024-12-31", '
        '"section": "Item 1A.',
    ): (U, "fragment", "a source label echoed"),
    ("What does Tesla say about its warranty reserves?", "The source is Tesla Inc.\nCitation:"): (
        U,
        "filler",
        "says nothing about warranty reserves",
    ),
    ("What does Apple say about foreign exchange risk?", "," + _LEAD): (
        U,
        "filler",
        "a lead-in to nothing",
    ),
    (
        "How does NVIDIA describe its employees and human capital?",
        "NVIDIA describes its employees and human capital in a way that is similar to the "
        "definition of NVIDIA CORP, but with more detailed information.",
    ): (U, "invented", "no passage compares it with a definition"),
    (
        "How does NVIDIA describe its employees and human capital?",
        "NVIDIA describes its employees and human capital in a way that is similar to the "
        "definition of NVIDIA CORP, but with",
    ): (U, "fragment", "broken off, says nothing"),
    (
        "What does Tesla say about regulatory credits?",
        "The source is Tesla, Inc. 10-K for fiscal year ended 20",
    ): (
        U,
        "fragment",
        "a source label, broken off",
    ),
    (
        "How does Amazon describe its AWS segment?",
        "The AWS segment consists of three segments: North America, International, and AWS",
    ): (U, "invented", "Amazon has three segments, AWS being one; AWS has none"),
    ("How does Amazon describe its AWS segment?", "The AWS segment consists of three segments:"): (
        U,
        "filler",
        "a lead-in, and AWS has no segments",
    ),
    (
        "What does Tesla say about raw materials and battery cells?",
        "TheThe answer to this question is:",
    ): (
        U,
        "filler",
        "a lead-in to nothing",
    ),
}


def passage(key: str, n: int) -> dict:
    return cut_passage(PASSAGES[key], n)


def cut_passage(spec: tuple, n: int) -> dict:
    """A FinanceBench PDF page's text from `first` to `last` (spec: pdf, page, ticker, first,
    last) as the labelled set stores a passage, numbered `n`."""
    pdf, page = spec[:2]
    return cut_text(PdfReader(PDFS / f"{pdf}.pdf").pages[page - 1].extract_text(), spec, n)


def cut_text(text: str, spec: tuple, n: int) -> dict:
    """The passage of a page's extracted text that `spec` (pdf, page, ticker, first, last)
    names, from `first` to `last`, numbered `n`."""
    pdf, page, ticker, first, last = spec
    start = text.index(first)
    end = text.index(last, start) + len(last)
    return {
        "n": n,
        "title": f"{pdf}.pdf | page {page}",
        "ticker": ticker,
        "source": "upload",
        "text": text[start:end],
    }


def financebench_rows() -> list[dict]:
    rows = []
    for g, (question, keys, sentences) in enumerate(FINANCEBENCH):
        passages = [passage(key, n) for n, key in enumerate(keys, 1)]
        for i, (sentence, label, kind, why) in enumerate(sentences):
            rows.append(
                _row(
                    f"xf{g}.{i}",
                    "fresh-financebench",
                    question,
                    sentence,
                    passages,
                    label,
                    kind,
                    why,
                )
            )
    return rows


def demo_rows(drafts: list[Path]) -> list[dict]:
    rows, seen = [], set()
    lines = [line for path in drafts for line in path.read_text(encoding="utf-8").splitlines()]
    for g, line in enumerate(lines):
        draft = json.loads(line)
        passages = [
            {k: s[k] for k in ("n", "title", "ticker", "source", "text")} for s in draft["sources"]
        ]
        for i, sentence in enumerate(draft["sentences"]):
            key = (draft["question"], sentence.strip())
            if key not in LABELS or key in seen:
                continue
            seen.add(key)
            label, kind, why = LABELS[key]
            origin, question = "fresh-demo", draft["question"]
            rows.append(_row(f"xd{g}.{i}", origin, question, sentence, passages, label, kind, why))
    return rows


def _row(id_, origin, question, sentence, passages, label, kind, why, split="fresh") -> dict:
    return {
        "id": id_,
        "origin": origin,
        "question": question,
        "scope_tickers": [],
        "sentence": sentence,
        "cites": [int(n) for n in re.findall(r"\[(\d+)\]", sentence)],
        "passages": passages,
        "label": label,
        "kind": kind,
        "why": why,
        "split": split,
    }


def main(*drafts: str) -> None:
    rows = financebench_rows() + demo_rows([Path(d) for d in drafts])
    kept = [
        line
        for line in OUT.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["split"] != "fresh"
    ]
    OUT.write_text(
        "\n".join(kept + [json.dumps(r, ensure_ascii=False) for r in rows]) + "\n",
        encoding="utf-8",
    )
    print(len(rows), "fresh rows")


if __name__ == "__main__":
    main(*sys.argv[1:])
