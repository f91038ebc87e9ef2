"""The passages of the "fresh2" split of data/eval/support_sentences.jsonl: pages of
FinanceBench PDFs of companies no earlier split uses, each cut between two anchors (read with
pypdf), and the questions the shipped model was asked over them
(scripts/draft_pdf_support_sentences.py)."""

from scripts.add_fresh_support_rows import cut_passage

# key: (pdf, page, ticker, first words, last words)
PASSAGES = {
    "cost_people": ("COSTCO_2021_10K", 6, "COST", "Our Code of Ethics requires", "one year."),
    "cost_high": ("COSTCO_2021_10K", 24, "COST", "Highlights for 2021", "totaling $5,748."),
    "wmt_seg": (
        "WALMART_2020_10K",
        8,
        "WMT",
        "Information About Our Segments",
        "net sales and operating income.",
    ),
    "amd_comp": (
        "AMD_2015_10K",
        12,
        "AMD",
        "Competition in the Graphics Markets",
        "Imagination Technology Group.",
    ),
    "amd_rd": ("AMD_2015_10K", 12, "AMD", "Research and Development", "Taiwan and Israel."),
    "gis_raw": (
        "GENERALMILLS_2022_10K",
        5,
        "GIS",
        "The principal raw materials",
        "market exposures.",
    ),
    "khc_gen": ("KRAFTHEINZ_2019_10K", 6, "KHC", "For 150 years", "quarter of 2020."),
    "awk_comp": (
        "AMERICANWATERWORKS_2022_10K",
        11,
        "AWK",
        "The Company’s Regulated Businesses generally",
        "Corix Infrastructure, Inc.",
    ),
    "msft_people": (
        "MICROSOFT_2023_10K",
        9,
        "MSFT",
        "As of June 30, 2023, we employed",
        "siloed businesses.",
    ),
    "glw_raw": ("CORNING_2022_10K", 7, "GLW", "Our manufacturing processes", "in gross margin."),
    "glw_pat": ("CORNING_2022_10K", 7, "GLW", "Inventions by members", "in process in the U.S."),
}

QUESTIONS = [
    ("How many employees does Costco have and how does it treat them?", ["cost_people"]),
    ("What were Costco's highlights for 2021?", ["cost_high"]),
    ("What are Walmart's reportable segments?", ["wmt_seg"]),
    ("Who are AMD's competitors in graphics?", ["amd_comp"]),
    ("What does AMD spend on research and development?", ["amd_rd"]),
    ("What raw materials does General Mills use?", ["gis_raw"]),
    ("How is Kraft Heinz organised?", ["khc_gen"]),
    ("Who does American Water compete with?", ["awk_comp"]),
    ("How many people does Microsoft employ?", ["msft_people"]),
    ("What are Corning's raw material risks and patents?", ["glw_raw", "glw_pat"]),
]


def passage(key: str, n: int) -> dict:
    """Passage `key` as the labelled set stores it, numbered `n`."""
    return cut_passage(PASSAGES[key], n)
