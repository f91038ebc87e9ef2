"""The "fresh2" split of data/eval/support_sentences.jsonl: the generalisation measure of the
sentence-support check after its fresh-split leaks were fixed. Passages of FinanceBench PDFs of
eight companies no earlier split uses (scripts/fresh2_passages.py); two kinds of sentence:

- model: what the shipped model drafted over those passages (data/eval/support_fresh2_drafts.jsonl,
  scripts/draft_pdf_support_sentences.py), labelled by hand in MODEL below;
- written: sentences written here the way a small model answers and errs (a wrong number, a
  figure of another clause or year, swapped names, a wrong year, a dropped or added negation,
  a wrong count, an overreach, another company), and faithful restatements.

Every label was written down before the check was run on any of these rows; the check was not
tuned on them afterwards.

    python scripts/add_fresh2_support_rows.py
"""

import json
import re
from pathlib import Path

from scripts.fresh2_passages import passage

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "eval" / "support_sentences.jsonl"
DRAFTS = ROOT / "data" / "eval" / "support_fresh2_drafts.jsonl"
S, U = "supported", "unsupported"

# (question, passage keys, [(sentence, label, kind, why)])
WRITTEN = [
    (
        "How many employees does Costco have and how does it treat them?",
        ["cost_people"],
        [
            ("At the end of 2021, Costco employed 288,000 employees worldwide [1].", S, "supported", "stated"),
            ("At the end of 2021, Costco employed 273,000 employees worldwide [1].", U, "wrong_period", "273,000 is 2020's"),
            ("Approximately 17,000 of Costco's employees are represented by unions [1].", S, "supported", "stated"),
            ("Approximately 95% of Costco's employees are represented by unions [1].", U, "wrong_number", "95% work in warehouses and distribution"),
            ("Compensation and benefits for employees is Costco's largest expense after the cost of merchandise [1].", S, "supported", "stated"),
            ("Compensation and benefits for employees is Costco's largest expense [1].", U, "overreach", "after the cost of merchandise"),
            ("In 2021, Costco's U.S. retention rate was above 90% for employees who had been with the company for at least one year [1].", S, "supported", "stated"),
            ("In 2021, Costco's U.S. retention rate was below 90% for employees with at least one year of service [1].", U, "contradicted", "above 90%"),
            ("Costco maintains a ratio of at least 50% of its employee base being full-time employees [1].", S, "supported", "stated"),
            ("Costco does not use seasonal employees during peak periods [1].", U, "negated", "it does"),
            ("Costco had 192,000 employees in the United States in 2021 [1].", S, "supported", "table row"),
            ("Costco had 192,000 employees in Canada in 2021 [1].", U, "swapped", "Canada had 47,000"),
        ],
    ),
    (
        "What were Costco's highlights for 2021?",
        ["cost_high"],
        [
            ("Costco opened 22 new warehouses in 2021, including 2 relocations [1].", S, "supported", "stated"),
            ("Costco opened 16 new warehouses in 2021 [1].", U, "wrong_period", "16 was 2020"),
            ("Costco's net sales increased 18% to $192,052 [1].", S, "supported", "stated"),
            ("Membership fee revenue increased 9% to $3,877, driven by sign-ups and upgrades to Executive membership [1].", S, "supported", "stated"),
            ("Membership fee revenue decreased 9% to $3,877 [1].", U, "contradicted", "increased"),
            ("The effective tax rate in 2021 was 24.0% compared to 24.4% in 2020 [1].", S, "supported", "stated"),
            ("The effective tax rate in 2021 was 24.4% [1].", U, "wrong_period", "24.4% was 2020's"),
            ("Costco paid a special cash dividend of $10.00 per share in December 2020 [1].", S, "supported", "stated"),
            ("Costco paid a special cash dividend of $10.00 per share in December 2021 [1].", U, "wrong_period", "December 2020"),
            ("Net income increased 25% to $5,007, or $11.27 per diluted share [1].", S, "supported", "stated"),
            ("Net income increased 18% to $5,007 [1].", U, "wrong_number", "18% is net sales growth"),
            ("Walmart's net sales increased 18% to $192,052 in 2021 [1].", U, "other_company", "Costco's"),
        ],
    ),
    (
        "What are Walmart's reportable segments?",
        ["wmt_seg"],
        [
            ("Walmart's operations are conducted in three reportable segments: Walmart U.S., Walmart International and Sam's Club [1].", S, "supported", "stated"),
            ("Walmart's operations are conducted in four reportable segments [1].", U, "count", "three"),
            ("Walmart U.S. is Walmart's largest segment [1].", S, "supported", "stated"),
            ("Sam's Club is Walmart's largest segment [1].", U, "swapped", "Walmart U.S. is"),
            ("Walmart U.S. had net sales of $341.0 billion for fiscal 2020 [1].", S, "supported", "stated"),
            ("Walmart U.S. had net sales of $331.7 billion for fiscal 2020 [1].", U, "wrong_period", "fiscal 2019's"),
            ("Walmart U.S. represented 66% of Walmart's fiscal 2020 consolidated net sales [1].", S, "supported", "stated"),
            ("Walmart International represented 66% of Walmart's fiscal 2020 consolidated net sales [1].", U, "swapped", "Walmart U.S. did"),
            ("Walmart U.S. operates in all 50 states, Washington D.C. and Puerto Rico [1].", S, "supported", "stated"),
            ("Walmart U.S. has historically had the lowest gross profit rate of Walmart's three segments [1].", U, "contradicted", "the highest"),
        ],
    ),
    (
        "Who are AMD's competitors in graphics?",
        ["amd_comp"],
        [
            ("AMD's principal competitor in the graphics market is Nvidia [1].", S, "supported", "stated"),
            ("AMD's principal competitor in the graphics market is Intel [1].", U, "swapped", "Nvidia"),
            ("AMD and Nvidia are the two principal players offering discrete graphics solutions [1].", S, "supported", "stated"),
            ("AMD, Nvidia and Intel are the three principal players offering discrete graphics solutions [1].", U, "count", "two: AMD and Nvidia"),
            ("In semi-custom game console products, AMD competes primarily against Nvidia and also against Imagination Technology Group [1].", S, "supported", "stated"),
            ("In semi-custom game console products, AMD does not compete against Nvidia [1].", U, "negated", "primarily against Nvidia"),
            ("Intel manufactures and sells embedded graphics processors and IGP chipsets [1].", S, "supported", "stated"),
            ("Qualcomm is a dominant competitor in embedded graphics processors and IGP chipsets [1].", U, "invented", "Intel is"),
        ],
    ),
    (
        "What does AMD spend on research and development?",
        ["amd_rd"],
        [
            ("AMD's research and development expenses for 2015 were approximately $0.9 billion [1].", S, "supported", "stated"),
            ("AMD's research and development expenses for 2015 were approximately $1.2 billion [1].", U, "wrong_period", "2013's"),
            ("AMD's research and development expenses were $1.1 billion in 2014 [1].", S, "supported", "respectively"),
            ("AMD's research and development expenses increased from 2014 to 2015 [1].", U, "contradicted", "fell from $1.1 to $0.9 billion"),
            ("AMD has design and development engineering teams located in China, Canada, India, Singapore, Taiwan and Israel [1].", S, "supported", "stated"),
            ("AMD has design and development engineering teams located in Japan and Germany [1].", U, "invented", "not named"),
        ],
    ),
    (
        "What raw materials does General Mills use?",
        ["gis_raw"],
        [
            ("The principal raw materials General Mills uses are grains, dairy products, sugar, fruits, vegetable oils, meats, nuts and vegetables [1].", S, "supported", "stated"),
            ("General Mills believes it will be able to obtain an adequate supply of needed inputs [1].", S, "supported", "stated"),
            ("General Mills believes it will not be able to obtain an adequate supply of needed inputs [1].", U, "negated", "it will be able"),
            ("General Mills' grain merchandising operation gives it access to commodity markets, principally wheat and oats [1].", S, "supported", "stated"),
            ("General Mills' grain merchandising operation gives it access to commodity markets, principally corn and soybeans [1].", U, "invented", "wheat and oats"),
            ("Most inputs for General Mills' domestic and Canadian operations are purchased from suppliers in the United States [1].", S, "supported", "stated"),
            ("Most inputs for General Mills' domestic operations are imported from other countries [1].", U, "swapped", "imports are for other international operations"),
        ],
    ),
    (
        "How is Kraft Heinz organised?",
        ["khc_gen"],
        [
            ("Kraft Heinz had 2019 net sales of approximately $25 billion [1].", S, "supported", "stated"),
            ("Kraft Heinz had 2019 net sales of approximately $26 billion [1].", U, "wrong_number", "$25 billion"),
            ("Kraft Heinz has three reportable segments: United States, Canada, and EMEA [1].", S, "supported", "stated"),
            ("Kraft Heinz has four reportable segments: United States, Canada, EMEA and Rest of World [1].", U, "count", "four segments, three reportable"),
            ("The 2015 Merger combined Kraft Foods Group with a subsidiary of H.J. Heinz Holding Corporation [1].", S, "supported", "stated"),
            ("The Kraft and Heinz merger was consummated on July 2, 2016 [1].", U, "wrong_period", "2015"),
            ("Before the 2015 Merger, Heinz was controlled by Berkshire Hathaway and 3G Capital [1].", S, "supported", "stated"),
            ("Before the 2015 Merger, Kraft was controlled by Berkshire Hathaway and 3G Capital [1].", U, "swapped", "Heinz was"),
            ("Rest of World comprises two operating segments: Latin America and Asia Pacific [1].", S, "supported", "stated"),
            ("Kraft Heinz plans to move its Puerto Rico business from the United States zone to the Latin America zone [1].", U, "swapped", "from Latin America to the United States"),
        ],
    ),
    (
        "Who does American Water compete with?",
        ["awk_comp"],
        [
            ("American Water's Regulated Businesses generally do not face direct competition in their existing markets [1].", S, "supported", "stated"),
            ("American Water's Regulated Businesses face direct competition in their existing markets [1].", U, "negated", "generally do not"),
            ("American Water's largest investor-owned competitors include Essential Utilities, American States Water Company and California Water Service Group [1].", S, "supported", "stated"),
            ("American Water's largest investor-owned competitors include Eversource Energy and Algonquin Power [1].", U, "swapped", "those are among infrastructure funds, multi-utilities and others"),
            ("The high cost of constructing a new water and wastewater system creates a significant barrier to market entry [1].", S, "supported", "stated"),
            ("American Water also faces competition from infrastructure funds and multi-utility companies [1].", S, "supported", "stated"),
        ],
    ),
    (
        "How many people does Microsoft employ?",
        ["msft_people"],
        [
            ("As of June 30, 2023, Microsoft employed approximately 221,000 people on a full-time basis [1].", S, "supported", "stated"),
            ("As of June 30, 2023, Microsoft employed approximately 221,000 people in the U.S. [1].", U, "wrong_number", "120,000 in the U.S."),
            ("Of Microsoft's employees, 72,000 were in product research and development [1].", S, "supported", "stated"),
            ("Of Microsoft's employees, 72,000 were in sales and marketing [1].", U, "wrong_number", "45,000 were"),
            ("Microsoft had 101,000 employees internationally [1].", S, "supported", "stated"),
            ("None of Microsoft's employees are subject to collective bargaining agreements [1].", U, "negated", "certain employees are"),
            ("Microsoft's culture is grounded in growth mindset [1].", S, "supported", "stated"),
        ],
    ),
    (
        "What are Corning's raw material risks and patents?",
        ["glw_raw", "glw_pat"],
        [
            ("Corning's manufacturing requires uninterrupted power sources, significant quantities of industrial water, certain precious metals and various batch materials [1].", S, "supported", "stated"),
            ("Certain key materials and equipment Corning uses are sole-sourced or available only from a limited number of suppliers [1].", S, "supported", "stated"),
            ("Corning has no sole-sourced materials or equipment [1].", U, "negated", "certain are sole-sourced"),
            ("In 2022, Corning was granted about 470 patents in the U.S. [2].", S, "supported", "stated"),
            ("In 2022, Corning was granted about 1,450 patents in the U.S. [2].", U, "wrong_number", "1,450 outside the U.S."),
            ("At the end of 2022, Corning owned about 12,465 unexpired patents [2].", S, "supported", "stated"),
            ("At the end of 2021, Corning owned about 12,465 unexpired patents [2].", U, "wrong_period", "end of 2022"),
            ("Corning has about 8,480 patent applications in process worldwide [2].", S, "supported", "stated"),
        ],
    ),
]

# (draft index, sentence index): (label, kind, why) for the model's own sentences
MODEL = {
    (0, 0): (U, "filler", "a dangling lead-in"),
    (1, 1): (U, "invented", "about the prompt, not Costco"),
    (2, 2): (U, "invented", "no 104 products, no four regions"),
    (3, 0): (U, "invented", "Neer and Nvb are not named; Nvidia is"),
    (4, 0): (U, "wrong_number", "$0.9 billion in 2015; nothing about $8.9 billion or IMFs"),
    (6, 1): (U, "invented", "The Kraft Heinz Company, not Kraft Heinz Group"),
    (6, 2): (U, "invented", "no International subsidiary owned by Berkshire, no London listing"),
    (7, 1): (U, "negated", "they do face competition from governmental agencies; no Internet"),
    (8, 0): (U, "wrong_number", "approximately 221,000"),
    (9, 1): (U, "fragment", "a source label, no claim"),
}


def written_rows() -> list[dict]:
    rows = []
    for g, (question, keys, sentences) in enumerate(WRITTEN):
        passages = [passage(key, n) for n, key in enumerate(keys, 1)]
        for i, (sentence, label, kind, why) in enumerate(sentences):
            rows.append(_row(f"y{g}.{i}", "fresh2-written", question, sentence, passages, label, kind, why))
    return rows


def model_rows() -> list[dict]:
    rows = []
    for g, line in enumerate(DRAFTS.read_text(encoding="utf-8").splitlines()):
        draft = json.loads(line)
        passages = [passage(key, n) for n, key in enumerate(draft["keys"], 1)]
        for i, sentence in enumerate(draft["sentences"]):
            if (g, i) in MODEL:
                label, kind, why = MODEL[(g, i)]
                question = draft["question"]
                rows.append(_row(f"ym{g}.{i}", "fresh2-model", question, sentence, passages, label, kind, why))
    return rows


def _row(id_, origin, question, sentence, passages, label, kind, why) -> dict:
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
        "split": "fresh2",
    }


def main() -> None:
    rows = written_rows() + model_rows()
    kept = [
        line
        for line in OUT.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["split"] != "fresh2"
    ]
    OUT.write_text(
        "\n".join(kept + [json.dumps(r, ensure_ascii=False) for r in rows]) + "\n",
        encoding="utf-8",
    )
    print(len(rows), "fresh2 rows")


if __name__ == "__main__":
    main()
