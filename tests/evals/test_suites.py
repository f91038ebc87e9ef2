"""The evaluation harness: scoring real gold answers, running a suite, the shipped suites."""

import csv
import hashlib
import importlib.util
import json
import re
from pathlib import Path

import pytest

from core.types import Answer, Citation
from evals.scoring import is_refusal, key_term_overlap, score
from evals.suites import (
    FINANCEBENCH,
    FIRST_COMPANIES,
    GOLDEN,
    PARAPHRASES,
    EvalQuestion,
    golden_uploads,
    load_financebench,
    load_golden,
    run_suite,
    seconds,
    select,
    suite_name,
)

ROOT = Path(__file__).resolve().parents[2]
TYPES = {
    "prose",
    "fusion",
    "price",
    "fundamentals",
    "filing_text",
    "news",
    "multi_source",
    "follow_up",
    "unanswerable",
    "compare",
}
REFUSAL = "The indexed sources do not contain an answer to this question."


@pytest.fixture(scope="module")
def bench() -> dict[str, EvalQuestion]:
    return {q.id.removeprefix("financebench_id_"): q for q in load_financebench().questions}


@pytest.fixture(scope="module")
def golden() -> dict[str, EvalQuestion]:
    return {q.id: q for q in load_golden(paraphrases=None)}


def pdf_page(document: str, page: int) -> Citation:
    """A citation as the Assistant makes it for a chunk of an uploaded PDF page."""
    return Citation(
        n=1, title=f"{document}.pdf", source="upload", locator=f"Page {page}, page {page}"
    )


def sec_citation(form: str, url: str, title: str = "Apple Inc. filing") -> Citation:
    return Citation(n=1, title=title, source="sec", ticker="AAPL", form=form, url=url)


AAPL_10K_URL = "https://www.sec.gov/Archives/edgar/data/320193/000032019324000123/aapl-20240928.htm"
AAPL_10Q_URL = "https://www.sec.gov/Archives/edgar/data/320193/000032019325000073/aapl-20250628.htm"


# ---- FinanceBench gold answers ------------------------------------------------------------


def test_a_gold_answer_in_usd_millions_matches_the_figure_written_in_millions(bench):
    question = bench["08286"]  # Amazon FY2019 net income, gold "$11588.00" "in USD millions"
    assert question.expected["value"] == 11_588_000_000
    right = Answer(answer="Amazon's net income in FY2019 was $11,588 million [1].")
    wrong = Answer(answer="Amazon's net income in FY2019 was $10,073 million [1].")
    assert score(question.expected, right).correct
    assert not score(question.expected, wrong).correct


def test_a_percentage_gold_answer_needs_the_same_percentage(bench):
    question = bench["08135"]  # Amazon revenue growth FY2016 -> FY2017, gold "30.8%"
    right = Answer(
        answer="Total net sales rose from $135,987 million to $177,866 million, up 30.8% [1]."
    )
    wrong = Answer(answer="Total net sales rose 27.1% year over year [1].")
    assert score(question.expected, right).correct
    assert not score(question.expected, wrong).correct


def test_billions_count_within_one_percent_of_the_gold_figure(bench):
    expected = bench["10285"].expected  # Boeing FY2018 net PP&E, gold "$12645.00" (millions)
    assert score(expected, Answer(answer="Net PP&E was about $12.6 billion [1].")).correct
    assert not score(expected, Answer(answer="Net PP&E was about $13 billion [1].")).correct


def test_a_table_figure_without_a_scale_word_is_read_in_the_tables_millions(bench):
    expected = bench["10285"].expected
    answer = Answer(answer="Property, plant and equipment, net: 12,645 (in millions) [1].")
    assert score(expected, answer).correct


def test_a_rounded_percentage_counts_but_a_different_one_does_not(bench):
    expected = bench["02608"].expected  # Best Buy 3-year average net margin, gold "2.8%"
    assert score(expected, Answer(answer="The average net profit margin was 2.8% [1].")).correct
    assert not score(expected, Answer(answer="The average net profit margin was 3.4%.")).correct


def test_a_text_answer_is_right_only_with_the_evidence_page_cited(bench):
    question = bench["00464"]  # Boeing cyclicality; evidence_page_num 7 (0-indexed)
    assert question.expected["evidence"] == [{"document": "BOEING_2022_10K", "page": 8}]
    text = (
        "Yes. Boeing's commercial airplanes business is cyclical: demand for new aircraft "
        "follows the airline industry, so Boeing's exposure to the airline industry ties its "
        "results to the economic cycle [1]."
    )
    on_page = Answer(answer=text, citations=[pdf_page("BOEING_2022_10K", 8)])
    zero_indexed = Answer(answer=text, citations=[pdf_page("BOEING_2022_10K", 7)])
    assert score(question.expected, on_page).correct
    verdict = score(question.expected, zero_indexed)
    assert not verdict.correct
    assert verdict.reason == "expected evidence not cited"


def test_a_yes_no_gold_answer_rejects_the_opposite_answer(bench):
    question = bench["00552"]  # Microsoft debt FY2022 -> FY2023, gold "No. ... decreased ..."
    cited = [pdf_page("MICROSOFT_2023_10K", 60)]
    right = Answer(
        answer="No. Microsoft's total debt decreased by about $2.5 billion in FY2023 [1].",
        citations=cited,
    )
    opposite = Answer(
        answer="Yes, Microsoft increased its debt; it decreased cash by $2.5 billion [1].",
        citations=cited,
    )
    assert score(question.expected, right).correct
    assert not score(question.expected, opposite).correct


def test_key_terms_of_a_gold_answer_are_its_signed_figures_and_content_words(bench):
    expected = bench["00299"].expected  # "Corporate. Its net revenue was -$473 million."
    assert expected["key_terms"] == ["Corporate"]
    assert [(f["text"], f["value"]) for f in expected["key_figures"]] == [
        ("-$473 million", -473_000_000)
    ]
    terms, wanted = expected["key_terms"], expected["key_figures"]
    answer = "The Corporate segment had the lowest net revenue: a loss of $473 million [1]."
    assert key_term_overlap(answer, terms, wanted) == 1.0
    assert key_term_overlap("Corporate's net revenue was $473 million.", terms, wanted) == 0.5
    other = "Consumer & Community Banking, with $12.5 billion."
    assert key_term_overlap(other, terms, wanted) == 0.0


def test_a_gold_sentence_with_a_decline_gives_a_negative_key_figure(bench):
    drop = bench["00288"].expected  # Best Buy cash: "Yes, there was a decline of ~42% ..."
    assert [(f["value"], f["unit"]) for f in drop["key_figures"]] == [(-42.0, "%")]
    assert drop["polarity"] == "yes"


def test_refusals_are_classed_refused_and_wrong_for_answerable_questions(bench):
    expected = bench["08286"].expected
    flagged = score(expected, Answer(answer=REFUSAL, refused=True))
    in_text = score(
        expected, Answer(answer="The provided documents do not contain Amazon's 2019 results.")
    )
    for verdict in (flagged, in_text):
        assert verdict.refused and not verdict.correct


def test_refusal_detection_reads_the_flag_and_the_usual_phrasings():
    assert is_refusal(Answer(answer="", refused=True))
    assert is_refusal(Answer(answer="I cannot predict future stock prices."))
    assert is_refusal(Answer(answer="The sources don't mention Coca-Cola."))
    assert not is_refusal(Answer(answer="Apple's FY2024 revenue was $391,035 million [1]."))


# ---- golden rows ---------------------------------------------------------------------------


def test_an_unanswerable_question_is_right_only_when_refused(golden):
    expected = golden["unans-01"].expected  # Coca-Cola revenue FY2023
    assert score(expected, Answer(answer=REFUSAL, refused=True)).correct
    invented = Answer(answer="Coca-Cola's revenue in FY2023 was $45.8 billion.")
    assert not score(expected, invented).correct


def test_golden_numbers_accept_other_scales_and_magnitudes(golden):
    revenue = golden["fund-01"].expected  # Apple FY2024 revenue 391,035,000,000 USD
    assert score(revenue, Answer(answer="Revenue was $391,035 million [1].")).correct
    assert score(revenue, Answer(answer="Revenue was $391.0 billion [1].")).correct
    assert not score(revenue, Answer(answer="Revenue was $383.3 billion [1].")).correct
    fall = golden["price-05"].expected  # AAPL 2025-01-02 -> 2025-06-30: -15.66%
    assert score(fall, Answer(answer="AAPL fell 15.7% over that period [1].")).correct


def test_golden_text_needs_a_citation_of_the_expected_filing(golden):
    expected = golden["text-04"].expected  # Apple's reportable segments, from the FY2024 10-K
    text = (
        "Apple's reportable segments are the Americas, Europe, Greater China, Japan and "
        "Rest of Asia Pacific [1]."
    )
    ten_k = Answer(answer=text, citations=[sec_citation("10-K", AAPL_10K_URL)])
    ten_q = Answer(answer=text, citations=[sec_citation("10-Q", AAPL_10Q_URL)])
    other_filing = Answer(
        answer=text, citations=[sec_citation("10-K", AAPL_10Q_URL.replace("25-000073", "x"))]
    )
    assert score(expected, ten_k).correct
    assert not score(expected, ten_q).correct
    assert not score(expected, other_filing).correct


def test_golden_news_evidence_is_the_headline_cited(golden):
    expected = golden["news-01"].expected  # Nvidia closes the Mellanox deal
    headline = Citation(
        n=1,
        title="Nvidia completes 'homerun deal' after closing $7 billion acquisition of Mellanox",
        source="news",
        ticker="NVDA",
    )
    answer = Answer(
        answer="Nvidia closed its $7 billion acquisition of Mellanox [1].", citations=[headline]
    )
    assert score(expected, answer).correct
    assert not score(expected, answer.model_copy(update={"citations": []})).correct


# ---- running and reporting -----------------------------------------------------------------


class Done:
    def __init__(self, reply: Answer | Exception):
        self.reply = reply

    def run(self) -> Answer:
        if isinstance(self.reply, Exception):
            raise self.reply
        return self.reply


class ScriptedAssistant:
    """Replies from a script by question and records the history each question came with."""

    def __init__(self, script: dict[str, Answer | Exception]):
        self.script = script
        self.asked: list[tuple[str, list]] = []

    def ask(self, question: str, history=()) -> Done:
        self.asked.append((question, list(history)))
        return Done(self.script[question])


XBRL = Citation(
    n=1, title="Apple Inc. 10-K FY2024 (XBRL company facts)", source="sec", ticker="AAPL"
)


@pytest.fixture
def scripted(golden) -> tuple[ScriptedAssistant, list[EvalQuestion]]:
    questions = [golden[i] for i in ("fund-01", "follow-01", "unans-01", "price-01", "text-04")]
    assistant = ScriptedAssistant(
        {
            "What was Apple's revenue in FY2024?": Answer(
                answer="Apple's FY2024 revenue was $391,035 million [1].",
                citations=[XBRL],
                grounded=True,
            ),
            "And net income?": Answer(
                answer="Net income was $93,736 million [1].", citations=[XBRL], grounded=True
            ),
            "What was Coca-Cola's revenue in FY2023?": Answer(
                answer="The indexed sources do not mention Coca-Cola.", refused=True, grounded=True
            ),
            "What was AAPL's closing price on 2025-11-07?": Answer(
                answer="AAPL closed at $272.29 on 2025-11-07.", grounded=False
            ),
            "What are Apple's reportable segments according to its fiscal 2024 10-K?": (
                RuntimeError("the model server went away")
            ),
        }
    )
    return assistant, questions


def test_a_follow_up_is_asked_after_its_history_in_the_same_chat(scripted):
    assistant, questions = scripted
    run_suite(assistant, questions[:2])
    first, follow = assistant.asked
    assert first == ("What was Apple's revenue in FY2024?", [])
    assert follow == (
        "And net income?",
        [
            {"role": "user", "content": "What was Apple's revenue in FY2024?"},
            {"role": "assistant", "content": "Apple's FY2024 revenue was $391,035 million [1]."},
        ],
    )


def test_a_follow_ups_history_is_asked_first_when_the_suite_has_not_asked_it(scripted):
    assistant, questions = scripted
    report = run_suite(assistant, questions[1:2])
    assert [q for q, _ in assistant.asked] == [
        "What was Apple's revenue in FY2024?",
        "And net income?",
    ]
    assert report.results[0].correct


def test_the_report_aggregates_accuracy_recall_refusals_grounding_and_errors(scripted):
    assistant, questions = scripted
    seen = []
    report = run_suite(assistant, questions, progress=lambda done, total, r: seen.append(done))
    summary = report.to_dict()
    assert seen == [1, 2, 3, 4, 5]
    timed = ("seconds", "first_words_seconds")
    kept = {k: summary[k] for k in summary if k not in ("by_type", "results", *timed)}
    assert all(set(summary[k]) == {"p50", "p95", "max"} for k in timed)
    assert kept == {
        "questions": 5,
        "accuracy": 0.6,  # revenue, net income, the refusal
        "recall_at_5": 0.5,  # 2 of 4 with evidence: the price answer cites nothing, one error
        "refusal_rate": 0.2,
        "ungrounded_rate": 0.25,  # the uncited price, of 4 answers
        "errors": 1,
        "over_limit": 0,
        "unsupported_sentence_rate": None,  # the scripted runs report no drafted sentences
    }
    unanswerable = dict(summary["by_type"]["unanswerable"])
    assert set(unanswerable.pop("seconds")) == {"p50", "p95", "max"}
    assert set(unanswerable.pop("first_words_seconds")) == {"p50", "p95", "max"}
    assert unanswerable == {
        "questions": 1,
        "accuracy": 1.0,
        "recall_at_5": None,
        "refusal_rate": 1.0,
        "ungrounded_rate": 0.0,
        "errors": 0,
        "over_limit": 0,
        "unsupported_sentence_rate": None,
    }
    assert "by_group" not in summary and "by_company_group" not in summary
    failed = summary["results"][4]
    assert failed["error"] == "RuntimeError: the model server went away" and not failed["correct"]
    first = summary["results"][0]
    assert first["record"]["answer"] == "Apple's FY2024 revenue was $391,035 million [1]."
    assert first["seconds"] >= 0 and first["group"] == "original"
    json.dumps(summary)  # serializable as is


def test_seconds_per_question_are_the_median_the_95th_percentile_and_the_max():
    assert seconds([3.0, 1.0, 2.0]) == {"p50": 2.0, "p95": 3.0, "max": 3.0}
    twenty = [float(n) for n in range(1, 21)]
    assert seconds(twenty) == {"p50": 10.5, "p95": 19.0, "max": 20.0}  # nearest rank
    assert seconds([]) is None


def test_paraphrases_are_scored_as_their_own_group(golden):
    paraphrased = [q for q in load_golden() if q.paraphrase_of in ("fund-01", "unans-01")]
    assert len(paraphrased) == 4
    right = Answer(answer="Apple's FY2024 revenue was $391,035 million [1].", citations=[XBRL])
    refusal = Answer(answer=REFUSAL, refused=True)
    wrong = Answer(answer="Apple's FY2024 revenue was $383,285 million [1].", citations=[XBRL])
    script = {golden["fund-01"].question: right, golden["unans-01"].question: refusal}
    for q in paraphrased:
        script[q.question] = refusal if q.paraphrase_of == "unans-01" else wrong
    questions = [golden["fund-01"], golden["unans-01"], *paraphrased]
    summary = run_suite(ScriptedAssistant(script), questions).to_dict()
    assert summary["questions"] == 2 and summary["accuracy"] == 1.0  # the originals
    assert summary["by_group"]["original"]["accuracy"] == 1.0
    assert summary["by_group"]["paraphrase"]["questions"] == 4
    assert summary["by_group"]["paraphrase"]["accuracy"] == 0.5
    assert summary["paraphrases"]["accuracy_gap"] == -0.5
    assert summary["paraphrases"]["by_type"]["fundamentals"]["accuracy"] == 0.0
    assert len(summary["results"]) == 6


def test_financebench_results_are_grouped_by_company_not_by_file(bench):
    jpm_2023, walmart = bench["02049"], bench["06247"]  # JPMorgan 2023 Q2 (a new file), Walmart
    assert (jpm_2023.company, walmart.company) == ("JPMorgan", "Walmart")
    script = {
        jpm_2023.question: Answer(answer=REFUSAL, refused=True),
        walmart.question: Answer(answer="Walmart's FY2018 DPO was 42.69 days [1]."),
    }
    summary = run_suite(ScriptedAssistant(script), [jpm_2023, walmart]).to_dict()
    groups = summary["by_company_group"]
    assert groups["original"]["companies"] == ["JPMorgan"]
    assert groups["original"]["questions"] == 1 and groups["original"]["accuracy"] == 0.0
    assert groups["new"]["companies"] == ["Walmart"]
    assert groups["new"]["accuracy"] == 1.0 and groups["new"]["recall_at_5"] == 0.0


def test_the_table_shows_each_type_and_why_questions_missed(scripted):
    assistant, questions = scripted
    table = run_suite(assistant, questions).format_table()
    assert "fundamentals" in table and "all" in table
    assert "price-01" in table and "no figure within 1% of 268.47 USD" in table
    assert "RuntimeError: the model server went away" in table


# ---- the shipped suites --------------------------------------------------------------------


def _make_golden():
    spec = importlib.util.spec_from_file_location("make_golden", ROOT / "scripts/make_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_golden_file_is_exactly_what_make_golden_derives_from_the_raw_data():
    make_golden = _make_golden()
    rows = make_golden.build_rows()
    assert make_golden.render(rows) == GOLDEN.read_text(encoding="utf-8")
    revenue = next(r for r in rows if r["id"] == "fund-01")
    assert revenue["expected"]["value"] == 391_035_000_000  # Apple FY2024, company facts


def test_the_fusion_file_is_exactly_what_its_script_derives_from_the_raw_data():
    path = ROOT / "scripts/make_fusion_golden.py"
    spec = importlib.util.spec_from_file_location("make_fusion_golden", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = module.rows()
    assert len(rows) >= 25
    written = (ROOT / "data/eval/golden_fusion.jsonl").read_text(encoding="utf-8")
    assert "\n".join(json.dumps(row) for row in rows) + "\n" == written
    nvda = next(r for r in rows if r["expected"]["date"] == "2023-05-25")
    assert round(nvda["expected"]["value"], 1) == 24.4  # NVDA after its May 2023 release


def test_the_golden_set_covers_every_type_with_enough_unanswerables(golden):
    questions = list(golden.values())
    assert len(questions) >= 60 and len(golden) == len(questions)  # ids are unique
    assert {q.type for q in questions} == TYPES
    assert sum(q.type == "unanswerable" for q in questions) >= 8
    for q in questions:
        assert bool(q.history) == (q.type == "follow_up"), q.id
        assert (q.expected["kind"] == "refuse") == (q.type == "unanswerable"), q.id
        if q.expected["kind"] == "number":
            assert q.expected["unit"] in {"USD", "USD/shares", "%", "shares", "x"}, q.id
            assert q.expected["tolerance"] == 0.01 and q.expected["evidence"], q.id
        if q.expected["kind"] == "text":
            assert q.expected["key_terms"] and q.expected["evidence"], q.id
        if q.expected["kind"] == "move":  # the fusion group
            assert q.type == "fusion" and q.expected["events"] and q.expected["window"], q.id
            start, end = q.expected["window"]
            assert all(start <= e["date"] <= end for e in q.expected["events"]), q.id


def test_follow_up_histories_are_questions_of_the_set_so_each_is_asked_once(golden):
    asked = {q.question for q in golden.values() if not q.history}
    for q in golden.values():
        assert set(q.history) <= asked, q.id


def test_the_financebench_set_is_the_62_questions_whose_pdfs_we_ship():
    suite = load_financebench()
    assert len(suite.questions) == 62 and len(suite.pdfs) == 43
    names = {pdf.stem for pdf in suite.pdfs}
    for q in suite.questions:
        assert {e["document"] for e in q.expected["evidence"]} <= names, q.id
    numeric = [q.id for q in suite.questions if q.expected["kind"] == "number"]
    assert len(numeric) == 30
    companies = {q.company for q in suite.questions}
    assert len(companies) == 19 and set(FIRST_COMPANIES) <= companies
    first = [q for q in suite.questions if q.company in FIRST_COMPANIES]
    assert len(first) == 25  # the first 24 and JPMorgan's 2023 Q2 question


def test_each_financebench_pdf_comes_with_what_it_is():
    tags = load_financebench().tags
    assert len(tags) == 43
    assert tags["BOEING_2022_10K.pdf"] == {
        "company": "Boeing",
        "form": "10-K",
        "fiscal_year": 2022,
        "fiscal_period": "FY",
    }
    assert tags["BESTBUY_2024Q2_10Q.pdf"]["form"] == "10-Q"
    assert tags["BESTBUY_2024Q2_10Q.pdf"]["fiscal_period"] == "Q2"
    assert tags["FOOTLOCKER_2022_8K_dated-2022-05-20.pdf"]["form"] == "8-K"


def test_a_quick_subset_takes_the_named_companies_and_only_their_filings():
    suite = load_financebench()
    chosen = select(suite.questions, ["best buy", "Walmart"])
    assert {q.company for q in chosen} == {"Best Buy", "Walmart"} and len(chosen) == 10
    assert {p.name.split("_")[0] for p in suite.pdfs_for(chosen)} == {"BESTBUY", "WALMART"}
    assert [q.id for q in select(chosen, limit=3)] == [q.id for q in chosen[:3]]
    assert select(suite.questions, ["Nobody"]) == []


def test_a_golden_limit_keeps_the_paraphrases_of_the_questions_kept():
    chosen = select(load_golden(), limit=2)
    assert [q.id for q in chosen] == [
        "price-01",
        "price-02",
        "price-01~p1",
        "price-01~p2",
        "price-02~p1",
        "price-02~p2",
    ]


def test_the_financebench_files_are_byte_identical_to_the_source_repository():
    with open(FINANCEBENCH / "pdf_coverage.csv", newline="") as f:
        coverage = list(csv.DictReader(f))
    for row in coverage:
        data = (FINANCEBENCH / row["file"]).read_bytes()
        blob = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # noqa: S324 - git's id
        assert blob == row["git_blob_sha1"], row["file"]
    covered = {i for row in coverage for i in row["financebench_ids"].split(";")}
    lines = (FINANCEBENCH / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["financebench_id"] for line in lines} == covered


def test_every_golden_question_has_two_paraphrases_sharing_its_expected_answer(golden):
    # the prose group is phrased several ways in the set itself
    golden = {key: q for key, q in golden.items() if q.type != "prose"}
    rows = [json.loads(line) for line in PARAPHRASES.read_text(encoding="utf-8").splitlines()]
    assert [row["paraphrase_of"] for row in rows] == list(golden)
    questions = [q for q in load_golden() if q.type != "prose"]
    paraphrases = [q for q in questions if q.group == "paraphrase"]
    assert len(questions) == 3 * len(golden) and len(paraphrases) == 2 * len(golden)
    texts = [q.question for q in paraphrases]
    assert len(set(texts)) == len(texts)
    for q in paraphrases:
        original = golden[q.paraphrase_of]
        assert q.question.casefold() != original.question.casefold(), q.id
        assert q.expected == original.expected and q.history == original.history, q.id
        assert q.type == original.type


def test_the_paraphrases_use_the_phrasings_people_use():
    texts = [q.question for q in load_golden() if q.group == "paraphrase"]

    def share(pattern: str) -> int:
        return sum(bool(re.search(pattern, t)) for t in texts)

    month = r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}"
    month += r"(?:st|nd|rd|th)?"
    assert share(month + r",? \d{4}") >= 30  # "June 20, 2024", "Jun 20th 2024"
    assert share(r"\d(?:st|nd|rd|th)\b") >= 10  # "Nov 7th"
    assert share(r"^(?:Calculate|Using|Based on|Given)\b") >= 20
    assert share(r"\b(?:stock|shares?)\b") >= 20
    assert share(r"\b(?:Apple|Nvidia|Tesla|Amazon|Microsoft|JPMorgan)\b") >= 40
    assert share(r"\b(?:AAPL|NVDA|TSLA|AMZN|MSFT|JPM)\b") >= 40
    assert share(r"\d{4}-\d{2}-\d{2}") == 0  # no ISO dates: the originals have those


def test_the_unsupported_sentence_rate_is_the_share_of_drafted_sentences_left_out():
    from evals.suites import QuestionResult, unsupported_sentence_rate

    def result(drafted: int, statements: int, figures: int = 0) -> QuestionResult:
        counts = {"drafted": drafted, "statements": statements, "figures": figures}
        return QuestionResult(
            "q", "filing_text", "?", True, False, None, True, "", sentences=counts
        )

    assert unsupported_sentence_rate([result(4, 1, 1), result(6, 2)]) == 0.3
    assert unsupported_sentence_rate([result(0, 0)]) is None


def test_golden_prose_rows_about_uploads_name_financebench_pdfs_to_index():
    prose = [q for q in load_golden(paraphrases=None) if q.type == "prose"]
    uploads = [q for q in prose if q.expected.get("uploads")]
    assert len(prose) >= 45 and uploads
    paths = golden_uploads(prose)
    assert paths and all(p.exists() and p.suffix == ".pdf" for p in paths)
    assert all(e["source"] == "upload" for q in uploads for e in q.expected["evidence"])
    assert golden_uploads([q for q in prose if not q.expected.get("uploads")]) == []


def test_another_financebench_folder_loads_with_an_index_of_its_own(tmp_path):
    """`finassist eval financebench --root DIR`: a held-out set laid out as ours; an earnings
    release's file name reads as one; ours keeps its index name, another folder gets its own."""
    rows = list(csv.DictReader((FINANCEBENCH / "pdf_coverage.csv").open(encoding="utf-8")))
    first = rows[0]
    release = dict(first, doc_name="ACME_2023Q4_EARNINGS", file="pdfs/ACME_2023Q4_EARNINGS.pdf")
    (tmp_path / "pdfs").mkdir()
    for row in (first, release):
        (tmp_path / row["file"]).write_bytes((FINANCEBENCH / first["file"]).read_bytes())
    with (tmp_path / "pdf_coverage.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(first))
        writer.writeheader()
        writer.writerows([first, release])
    asked = first["financebench_ids"].split(";")[0]
    lines = (FINANCEBENCH / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "questions.jsonl").write_text(
        "".join(line + "\n" for line in lines if json.loads(line)["financebench_id"] == asked)
    )
    held = load_financebench(tmp_path)
    assert [q.id for q in held.questions] == [asked]
    assert held.tags["ACME_2023Q4_EARNINGS.pdf"]["form"] == "earnings release"
    assert held.tags["ACME_2023Q4_EARNINGS.pdf"]["fiscal_period"] == "Q4"
    assert [p.name for p in held.pdfs_for(held.questions)] == sorted(
        Path(row["file"]).name for row in (first, release)
    )
    assert suite_name("financebench", FINANCEBENCH) == "financebench"
    assert suite_name("financebench", tmp_path) != "financebench"
