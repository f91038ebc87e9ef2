"""The grounding check over real text: Apple's FY2024 10-K as our parser and chunker produce it,
its XBRL company facts, daily prices and real news headlines, against realistic model answers."""

from pathlib import Path
from statistics import mean

import pytest

from core.types import Citation
from ingestion.chunking import chunk_document
from ingestion.sample import sample_filings
from ingestion.sources import market, news, sec
from rag.answer.grounding import (
    check,
    cited_sources,
    extractive_answer,
    numbers_in,
    table_rows,
    unsupported_sentences,
)
from rag.figures.evidence import ComputedFact
from rag.query.words import content_terms

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "sample"
TENK_TITLE = "Apple Inc. 10-K for fiscal year ended 2024-09-28"
FY2024 = "FY2024 (fiscal year ended 2024-09-28)"


# ---- real text and figures --------------------------------------------------------------


@pytest.fixture(scope="module")
def tenk():
    ref, path = next(
        (ref, path)
        for ref, path in sample_filings(SAMPLE)
        if ref.ticker == "AAPL" and ref.form == "10-K"
    )
    return sec.parse_filing(path.read_bytes(), ref)


@pytest.fixture(scope="module")
def chunks(tenk):
    """The 10-K's chunks as the prompt shows them: text without the context header line."""
    return [chunk.text.split("\n", 1)[1] for chunk in chunk_document(tenk)]


def chunk_with(chunks, *needles):
    return next(chunk for chunk in chunks if all(needle in chunk for needle in needles))


def between(text, start, end):
    at = text.index(start)
    return text[at : text.index(end, at)]


@pytest.fixture(scope="module")
def income_statement(tenk):
    """The statement of operations with its scale note, "(In millions, except … thousands …)"."""
    return between(tenk.text, "CONSOLIDATED STATEMENTS OF OPERATIONS", "See accompanying")


@pytest.fixture(scope="module")
def statement_chunk(chunks):
    """The same table as a retrieved chunk, under the scale note printed above the table."""
    return chunk_with(chunks, "| Total net sales | | 391,035 |", "| Products | $ | 294,866 |")


@pytest.fixture(scope="module")
def category_chunk(chunks):
    return chunk_with(chunks, "| Services (1) | | 96,169 | 13% |")


@pytest.fixture(scope="module")
def segment_chunk(chunks):
    return chunk_with(chunks, "| Greater China | | 66,952 | (8)% |")


@pytest.fixture(scope="module")
def repurchase_chunk(chunks):
    return chunk_with(chunks, "repurchased 499 million shares")


@pytest.fixture(scope="module")
def xbrl():
    payload = (SAMPLE / "sec" / "companyfacts" / "CIK0000320193.json").read_bytes()
    return {
        fact.concept.split(":")[1]: fact
        for fact in sec.parse_companyfacts(payload, "AAPL")
        if fact.accession == "0000320193-24-000123"
        and (fact.period_start, fact.period_end) == ("2023-10-01", "2024-09-28")
    }


def computed(fact, name, n=1, **extra):
    source = Citation(n=n, title=TENK_TITLE, source="sec", ticker="AAPL", form="10-K")
    return ComputedFact(name, fact.value, fact.unit, FY2024, fact.filed, source, **extra)


@pytest.fixture(scope="module")
def revenue(xbrl):
    return computed(xbrl["RevenueFromContractWithCustomerExcludingAssessedTax"], "AAPL revenue")


@pytest.fixture(scope="module")
def gross_margin(xbrl, revenue):
    gross = computed(xbrl["GrossProfit"], "AAPL gross profit")
    return ComputedFact(
        "AAPL gross margin",
        gross.value / revenue.value * 100,
        "%",
        FY2024,
        gross.as_of,
        gross.source,
        formula="gross profit / revenue",
        inputs=[gross, revenue],
    )


@pytest.fixture(scope="module")
def eps_and_shares(xbrl):
    return [
        computed(xbrl["EarningsPerShareDiluted"], "AAPL diluted EPS"),
        computed(xbrl["WeightedAverageNumberOfDilutedSharesOutstanding"], "AAPL diluted shares"),
    ]


@pytest.fixture(scope="module")
def headlines():
    """Real Guardian and CNBC stories as news passages (title, then the preview if any)."""
    documents = []
    for name, outlet in (
        ("guardian_headlines_company_subset.csv", "The Guardian"),
        ("cnbc_headlines.csv", "CNBC"),
    ):
        items = news.parse_headlines_csv((SAMPLE / "news" / name).read_bytes(), outlet)
        documents += news.news_documents(items)
    return [doc.text for doc in documents if "Apple" in doc.title]


def headline(headlines, start):
    return next(text for text in headlines if text.startswith(start))


# ---- which numbers are checked ----------------------------------------------------------


def test_amounts_percentages_and_scale_words_are_read_in_base_units():
    text = (
        "Net sales were $391,035 million (391.0 billion, or $391B) [1]; 1.2M units, 12 million "
        "subscribers, a 46.2% margin, other expense of (565), a -2% change, $6.08 per share, "
        "15.41 billion shares, a €13bn tax bill, $102m in pay, US$64 billion, 25.3x earnings."
    )
    found = {n.text: (n.value, n.unit) for n in numbers_in(text)}
    assert found == {
        "$391,035 million": (391_035_000_000, "USD"),
        "391.0 billion": (391_000_000_000, None),
        "$391B": (391_000_000_000, "USD"),
        "1.2M": (1_200_000, None),
        "12 million": (12_000_000, None),
        "46.2%": (46.2, "%"),
        "(565)": (-565, None),
        "-2%": (-2, "%"),
        "$6.08 per share": (6.08, "USD/shares"),
        "15.41 billion shares": (15_410_000_000, "shares"),
        "€13bn": (13_000_000_000, "EUR"),
        "$102m": (102_000_000, "USD"),
        "US$64 billion": (64_000_000_000, "USD"),
        "25.3x": (25.3, "x"),
    }


def test_each_number_knows_where_it_is_printed_and_its_precision():
    text = "Apple's net sales were $391.0 billion in fiscal 2024 [1]."
    (number,) = numbers_in(text)
    assert text[number.start : number.end] == number.text == "$391.0 billion"
    assert (number.scale, number.decimals) == (1e9, 1)


def test_citations_years_dates_forms_and_references_are_not_checked():
    text = (
        "According to the 10-K filed 2024-11-01 (Part II, Item 7 and 7A; Note 10), for fiscal "
        "2024 (FY2024, the year ended September 28, 2024) and Q4 2024, per Rule 10b5-1 and "
        "the 8-K of Nov. 15, 2019 at 4:30 p.m. [1][2, 3], 10-Q/A, FY'24."
    )
    assert numbers_in(text) == []


def test_list_numbering_ordinals_descriptors_durations_and_small_counts_are_not_checked():
    text = (
        "1. Apple reports 5 segments and 3 product lines.\n"
        "2. In the 2nd quarter the stock hit a 52-week high; S&P 500 members; 401(k) plans.\n"
        "3. Cash covers the next 12 months; the H100 and COVID-19 in the 1990s."
    )
    assert numbers_in(text) == []


def test_a_bare_integer_of_ten_or_more_is_checked():
    text = "Apple sold iPhone 16 models and employed 164,000 people."
    assert [n.text for n in numbers_in(text)] == ["16", "164,000"]


def test_a_figure_right_after_a_reference_is_still_checked():
    text = "As shown in Item 8, 391,035 was the total, up from Note 2 figures 383,285."
    assert [n.text for n in numbers_in(text)] == ["391,035", "383,285"]


def test_citation_markers_are_read_with_lists_and_ranges():
    text = "Sales rose [1]. Margins held [2, 4]. Both appear in [5-7][9]."
    assert cited_sources(text) == [1, 2, 4, 5, 6, 7, 9]


# ---- against computed facts -------------------------------------------------------------


@pytest.mark.parametrize(
    "figure",
    [
        "$391,035 million",
        "$391.0 billion",
        "$391.04 billion",
        "$391 billion",
        "$391B",
        "391,035,000,000 dollars",
        "US$391.035 billion",
        "$0.39 trillion",
    ],
)
def test_fy2024_revenue_in_any_spelling_matches_the_xbrl_fact(figure, revenue):
    report = check(f"Apple's revenue for fiscal 2024 was {figure}.", [revenue], {})
    assert report.grounded, figure
    assert report.supported[0].source == "fact: AAPL revenue"
    assert report.supported[0].value == 391_035_000_000


@pytest.mark.parametrize(
    "figure",
    [
        "$391,053 million",  # transposed digits
        "$391 million",  # wrong scale
        "$391,035",  # scale dropped
        "$391.1 billion",  # rounded wrongly
        "$391,035.4 million",  # more digits than the fact has
        "$383,285 million",  # the prior year's figure
        "€391.0 billion",  # wrong currency
    ],
)
def test_a_wrong_revenue_figure_is_unsupported(figure, revenue):
    report = check(f"Apple's revenue for fiscal 2024 was {figure} [1].", [revenue], {})
    assert not report.grounded
    assert [n.text for n in report.unsupported] == [figure]


def test_a_ratio_matches_the_computed_fact_at_the_precision_printed(gross_margin):
    assert gross_margin.value == pytest.approx(46.2063, abs=1e-4)
    for good in ("46.2%", "46.21%", "46%", "46.2 percent"):
        assert check(f"Gross margin was {good}.", [gross_margin], {}).grounded, good
    for bad in ("46.3%", "46.25%", "47%", "$46.2"):
        assert not check(f"Gross margin was {bad}.", [gross_margin], {}).grounded, bad


def test_the_inputs_of_a_derived_fact_may_be_quoted(gross_margin):
    answer = "Gross margin was 46.2%: $180,683 million of gross profit on $391,035 million [1]."
    report = check(answer, [gross_margin], {})
    assert report.grounded
    assert [s.source for s in report.supported] == [
        "fact: AAPL gross margin",
        "fact: AAPL gross profit",
        "fact: AAPL revenue",
    ]


def test_per_share_and_share_count_figures_must_agree_in_unit(eps_and_shares):
    good = "Diluted EPS was $6.08 per share on 15.41 billion diluted shares (15,408,095,000)."
    assert check(good, eps_and_shares, {}).grounded
    also_good = "Apple earned $6.08 a diluted share."
    assert check(also_good, eps_and_shares, {}).grounded
    report = check("Diluted EPS grew 6.08% on 15.4 billion dollars.", eps_and_shares, {})
    assert [n.text for n in report.unsupported] == ["6.08%", "15.4 billion dollars"]


def test_an_answer_without_numbers_is_grounded(revenue):
    report = check("Apple's Services business grew during fiscal 2024 [1].", [revenue], {})
    assert report.grounded and report.checked == []


# ---- against cited passages -------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "Total net sales were $391,035 million in fiscal 2024 [1].",
        "Total net sales were 391,035 (in millions) [1].",
        "Total net sales were $391.0 billion [1].",
        "Net income was $93.7 billion and other income/(expense) was (565) in 2023 [1].",
        "Apple lost $565 million in other expense in 2023 [1].",
        "Diluted EPS was $6.08 on 15.41 billion diluted shares [1].",
        "The diluted share count was 15,408,095 thousand shares [1].",
    ],
)
def test_table_figures_match_under_the_scale_note_of_the_passage(answer, income_statement):
    assert "(In millions, except number of shares" in income_statement
    report = check(answer, [], {1: income_statement})
    assert report.grounded, [n.text for n in report.unsupported]


@pytest.mark.parametrize(
    "answer",
    [
        "Total net sales were $391 million [1].",  # wrong scale
        "Total net sales were $391,053 million [1].",  # transposed digits
        "Total net sales were $391.5 billion [1].",
        "Diluted EPS was $6.18 [1].",
    ],
)
def test_a_wrong_table_figure_is_unsupported(answer, income_statement):
    assert not check(answer, [], {1: income_statement}).grounded


def test_the_share_count_scale_of_a_note_does_not_scale_dollar_amounts(income_statement):
    """Under "in millions, except number of shares, which are reflected in thousands", 391,035
    read in thousands would be $391.0 million: the note allows that reading for shares only."""
    assert not check("Net sales were $391.0 million [1].", [], {1: income_statement}).grounded
    shares = "Basic shares were 15.34 billion shares [1]."
    assert check(shares, [], {1: income_statement}).grounded


def test_a_table_chunk_carries_its_scale_note_so_scaled_spellings_match(statement_chunk):
    assert statement_chunk.lower().startswith("(in millions")
    passages = {1: statement_chunk}
    for good in ("$391,035 million", "391,035", "$391.0 billion", "$383,285 million"):
        assert check(f"The figure was {good} [1].", [], passages).grounded, good
    for bad in ("$391 million", "$391,053 million", "$391.1 billion"):
        assert not check(f"The figure was {bad} [1].", [], passages).grounded, bad


def test_a_table_without_a_scale_note_matches_the_printed_digits_only(statement_chunk):
    passages = {1: statement_chunk.split("\n", 1)[1]}  # the same rows, note line removed
    for good in ("$391,035 million", "391,035"):
        assert check(f"The figure was {good} [1].", [], passages).grounded, good
    for bad in ("$391 million", "$391.0 billion", "$391,053 million"):
        assert not check(f"The figure was {bad} [1].", [], passages).grounded, bad


def test_prose_figures_keep_their_own_scale(repurchase_chunk):
    passages = {1: repurchase_chunk}
    good = (
        "In fiscal 2024 Apple repurchased 499 million shares for $95.0 billion [1], that is "
        "$95 billion or $95,000 million."
    )
    assert check(good, [], passages).grounded
    for bad in ("$59.0 billion", "$95.0 million", "499 billion shares", "$96 billion"):
        assert not check(f"Apple spent {bad} on buybacks [1].", [], passages).grounded, bad


def test_share_counts_in_a_thousands_table_match_in_millions(tenk):
    table = between(tenk.text, "The following table shows the changes in shares", "Note 11")
    answer = "Apple repurchased 499.4 million shares in 2024 (499,372 thousand) [1]."
    assert check(answer, [], {1: table}).grounded
    assert not check("Apple repurchased 494.4 million shares [1].", [], {1: table}).grounded


def test_percentages_match_percentages_printed_in_the_cited_table(category_chunk):
    passages = {1: category_chunk}
    assert check("Services net sales grew 13% to 96,169 [1].", [], passages).grounded
    report = check("Services net sales grew 15% to 96,169 [1].", [], passages)
    assert [n.text for n in report.unsupported] == ["15%"]


def test_a_number_from_a_passage_the_answer_does_not_cite_is_unsupported(
    income_statement, segment_chunk
):
    passages = {1: income_statement, 2: segment_chunk}
    uncited = "Net sales were $391,035 million [1], with Greater China down 8% to $66,952 million."
    report = check(uncited, [], passages)
    assert report.cited == [1]
    assert [n.text for n in report.unsupported] == ["8%", "$66,952 million"]
    cited = uncited.rstrip(".") + " [2]."
    assert check(cited, [], passages).grounded


def test_an_answer_that_cites_nothing_is_checked_against_the_facts_only(income_statement, revenue):
    answer = "Total net sales were $391,035 million in fiscal 2024."
    assert not check(answer, [], {1: income_statement}).grounded
    assert check(answer, [revenue], {1: income_statement}).grounded
    lenient = check(answer, [], {1: income_statement}, citation_required=False)
    assert lenient.grounded and lenient.cited == [1]


def test_a_citation_of_a_source_that_was_not_given_supports_nothing(income_statement):
    report = check("Total net sales were $391,035 million [3].", [], {1: income_statement})
    assert report.cited == [] and not report.grounded


def test_news_figures_keep_their_currency_and_digits(headlines):
    tax = headline(headlines, "Apple does not need to pay €13bn")
    sales = headline(headlines, "Apple reports $64bn in revenue")
    iphone = headline(headlines, "Apple's iPhone sales fall 17%")
    passages = {1: tax, 2: sales, 3: iphone}
    good = (
        "An EU court ruled Apple need not pay the €13 billion Irish tax bill [1]; Apple "
        "reported $64bn in revenue [2] after iPhone sales fell 17% [3]."
    )
    assert check(good, [], passages).grounded
    for bad in ("$13 billion [1]", "$46bn [2]", "71% [3]", "17% [1]"):
        assert not check(f"The story reports {bad}.", [], passages).grounded, bad


def test_a_year_in_the_passage_is_no_licence_for_a_made_up_figure(headlines):
    story = headline(headlines, "Apple may be the first company to hit $2 trillion")
    passages = {1: story}
    assert check("Apple may reach a $2 trillion market cap by 2021 [1].", [], passages).grounded
    report = check("Apple may reach a $2.5 trillion market cap by 2021 [1].", [], passages)
    assert [n.text for n in report.unsupported] == ["$2.5 trillion"]


def test_the_report_says_what_each_supported_number_matched(income_statement, revenue):
    answer = "Revenue was $391.0 billion and net income $93,736 million [1]."
    report = check(answer, [revenue], {1: income_statement})
    assert [(s.number.text, s.source, s.matched, s.value) for s in report.supported] == [
        ("$391.0 billion", "fact: AAPL revenue", "$391,035 million", 391_035_000_000),
        ("$93,736 million", "passage [1]", "93,736", 93_736_000_000),
    ]


def test_the_sentences_holding_unsupported_numbers_are_listed(category_chunk, revenue):
    answer = (
        "Apple's revenue was $391,035 million [1]. Services grew 15% [2].\n"
        "Wearables fell 7% [2]. iPhone sales rose 4%."
    )
    report = check(answer, [revenue], {2: category_chunk})
    assert unsupported_sentences(answer, report) == [
        "Services grew 15% [2].",
        "iPhone sales rose 4%.",
    ]


# ---- the extractive answer --------------------------------------------------------------


def test_the_extractive_answer_states_each_fact_with_its_citation(revenue, gross_margin):
    facts = [revenue, gross_margin]
    answer = extractive_answer(
        content_terms("What was Apple's revenue and gross margin?"), facts, {}
    )
    assert answer == (
        f"AAPL revenue for {FY2024} was $391,035 million [1]. "
        f"AAPL gross margin for {FY2024} was 46.21% (gross profit / revenue) [1]."
    )
    assert check(answer, facts, {}).grounded


def test_fact_numbers_give_the_citation_of_each_fact(revenue, eps_and_shares):
    facts = [revenue, *eps_and_shares]
    answer = extractive_answer(content_terms("EPS?"), facts, {}, fact_numbers={1: 4, 2: 5})
    assert "$391,035 million [1]." in answer
    assert f"AAPL diluted EPS for {FY2024} was $6.08 per share [4]." in answer
    assert answer.endswith("was 15,408,095,000 shares [5].")
    assert check(answer, facts, {}).grounded


def test_numbers_in_a_fact_name_do_not_fail_the_extractive_answer():
    bars = market.parse_history_csv(
        (SAMPLE / "market" / "daily_ohlcv" / "AAPL.csv").read_bytes(), "AAPL"
    )
    last = bars[-20:]
    fact = ComputedFact(
        "AAPL average close over the last 20 trading days",
        mean(bar.close for bar in last),
        "USD",
        f"{last[0].date} to {last[-1].date}",
        last[-1].date,
        Citation(n=2, title="AAPL daily prices", source="market", ticker="AAPL"),
    )
    answer = extractive_answer(content_terms("What was Apple's average close lately?"), [fact], {})
    assert answer.startswith("AAPL average close over the last 20 trading days for 2025-10-")
    assert answer.endswith(f"was {fact.display()} [2].")
    assert check(answer, [fact], {}).grounded
    wrong = answer.replace("20 trading days", "30 trading days")
    assert [n.text for n in check(wrong, [fact], {}).unsupported] == ["30"]


def test_without_facts_the_extractive_answer_quotes_the_best_matching_sentences(
    repurchase_chunk, statement_chunk
):
    passages = {1: statement_chunk, 2: repurchase_chunk}
    titles = {1: TENK_TITLE, 2: TENK_TITLE}
    answer = extractive_answer(
        content_terms("How many shares did Apple repurchase in 2024?"), [], passages, None, titles
    )
    assert answer.startswith(
        f"According to {TENK_TITLE} [2]: “During 2024, the Company repurchased 499 million shares "
        "of its common stock for $95.0 billion”."
    )
    assert answer.count("According to") == 2
    assert check(answer, [], passages).grounded


def test_table_rows_are_quoted_with_their_column_labels(statement_chunk):
    rows = table_rows(statement_chunk)
    assert (
        "Total net sales — September 28, 2024: 391,035; September 30, 2023: 383,285; "
        "September 24, 2022: 394,328" in rows
    )
    answer = extractive_answer(
        content_terms("What were Apple's total net sales?"),
        [],
        {3: statement_chunk},
        titles={3: TENK_TITLE},
    )
    assert answer.startswith(f"According to {TENK_TITLE} [3]: “Total net sales — September 28")
    assert check(answer, [], {3: statement_chunk}).grounded


def test_a_news_title_with_a_figure_is_kept_when_the_quote_supports_it(headlines):
    story = headline(headlines, "Apple reports $64bn in revenue")
    answer = extractive_answer(
        content_terms("How much revenue did Apple report?"), [], {1: story}, titles={1: story}
    )
    assert answer == f"According to {story} [1]: “{story}”."
    assert check(answer, [], {1: story}).grounded


def test_a_title_with_a_figure_the_passage_lacks_is_replaced_by_the_source_number(headlines):
    story = headline(headlines, "Apple reports $64bn in revenue")
    other = "Why Trump could 'move fast' on Apple's $500B US investment plan"  # a Yahoo title
    answer = extractive_answer(
        content_terms("How much revenue did Apple report?"), [], {1: story}, None, {1: other}
    )
    assert answer == f"According to source [1]: “{story}”."


def test_the_extractive_answer_is_empty_when_no_passage_shares_a_word_with_the_question(
    repurchase_chunk,
):
    assert extractive_answer(content_terms("Who founded Nvidia?"), [], {1: repurchase_chunk}) == ""


def test_a_span_of_time_with_decimals_is_a_figure():
    """ "12 months" is a span; "1.4 years" (a weighted average remaining life) is a figure."""
    found = numbers_in("Contracts have a weighted average remaining life of 1.4 years.")
    assert [(n.text, n.unit) for n in found] == [("1.4", "duration")]
    passage = {1: "The weighted average remaining life of our long-term contracts is 2.4 years."}
    assert not check("Their remaining life is 1.4 years [1].", [], passage).grounded
    assert check("Their remaining life is 2.4 years [1].", [], passage).grounded
