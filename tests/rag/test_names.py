"""Companies a question names, over the shipped registry of every SEC-listed company: names and
tickers that are meant, and the words, abbreviations and sentence openings that are not."""

from datetime import date

import pytest

from rag.query import analyze, find_companies, find_tickers, unknown_names
from rag.query.figures import asked_metrics
from rag.query.lexicon import is_word
from rag.query.registry import (
    TICKER_FILE,
    Company,
    Registry,
    default_registry,
    name_keys,
    read_aliases,
    ticker_file_companies,
)


def test_the_registry_holds_every_registrant_of_the_sec_ticker_file():
    rows = ticker_file_companies(TICKER_FILE.read_bytes())
    assert len(rows) == 8049 and sum(len(c.tickers) for c in rows) == 10338
    registry = default_registry()
    assert len(registry) == 8049
    assert registry.by_ticker("GOOG") == registry.by_ticker("GOOGL")  # two classes, one company
    assert registry.by_ticker("brk.b").id == "0001067983"


@pytest.mark.parametrize(
    ("question", "tickers"),
    [
        ("What was Walmart's revenue in FY2024?", ["WMT"]),
        ("How did Costco do in 2023?", ["COST"]),
        ("What is Coca-Cola's dividend per share?", ["KO"]),
        ("What was the FY2017 ROA for Coca Cola?", ["KO"]),
        ("What was JPMorgan's net interest income?", ["JPM"]),
        ("Who were elected Co-Presidents of JPMorgan Chase?", ["JPM"]),
        ("What is J&J's revenue?", ["JNJ"]),
        ("How big is Amex's loan book?", ["AXP"]),
        ("Is $KO up this year?", ["KO"]),
        ("What did NVDA close at on 2025-06-30?", ["NVDA"]),
        ("What was Google's capex?", ["GOOGL"]),
        ("What was McDonald's revenue?", ["MCD"]),
        ("What was AT&T's debt?", ["T"]),
        ("What is Best Buy's gross margin?", ["BBY"]),
        ("What is 3M's FY2018 capital expenditure?", ["MMM"]),
        ("Has Verizon increased its debt?", ["VZ"]),
        ("What is BRK.B trading at?", ["BRK-B"]),
        ("How did Nvidia's margin compare with AAPL?", ["NVDA", "AAPL"]),
        ("what was nvidia's revenue", ["NVDA"]),  # the largest companies in lowercase too
        ("What was Target's revenue in FY2023?", ["TGT"]),  # an English word, in company place
        ("What is the revenue of Apple?", ["AAPL"]),
        ("What did NOW stock do this year?", ["NOW"]),  # a word, plainly used as a ticker
        ("What was KEY's dividend?", ["KEY"]),
        ("Compare Gartner (IT) with Accenture.", ["IT", "ACN"]),
        ("Was Wells Fargo's price target on Amazon.com raised?", ["WFC", "AMZN"]),
        ("Based on the dividends Apple paid in 2025, what was the yield?", ["AAPL"]),
        ("Where did Google's parent Alphabet close?", ["GOOGL"]),  # one company, twice
        ("What were Coke's net operating revenues in 2023?", ["KO"]),
        ("What was American Water's revenue in 2022?", ["AWK"]),  # a word of trade left off
        ("Compare Walmart with United Parcel.", ["WMT", "UPS"]),
        ("What was American International Group's net income?", ["AIG"]),
    ],
)
def test_companies_are_found_by_name_ticker_and_alias(question, tickers):
    assert find_tickers(question) == tickers


@pytest.mark.parametrize(
    "question",
    [
        "Is IT spending rising?",  # tickers that are English words, written in capitals
        "ALL of it was sold.",
        "What is the cost ON average?",
        "NOW is the time to look at margins.",
        "What is the KEY risk in the filing?",
        "What is the COST of revenue?",
        "What is the TARGET price?",
        "A question about nothing in particular.",
        "Calculate the PPNE ratio.",  # imperative openings and abbreviations
        "Using the cash flow statement, what was spent on M&A?",
        "Based on the 10-K, what was capex?",
        "Given the data, what was R&D as a share of sales?",
        "Apple pie is tasty.",  # a capitalised word opening a sentence
        "an apple pie recipe",
        "Visa requirements for the trip?",  # an English name opening a sentence
        "What is the cash conversion cycle (CCC)?",  # an abbreviation being defined
        "Information Technology (IT) budgets grew.",
        "Here's the question: what was revenue?",  # a contraction, not a possessive
        "What was revenue in Q2 for the segment?",
        "What was the S&P 500 return?",
        "How much was raised in the Series C round?",  # a letter is not a ticker
        "Does the company have a Plan B?",
        "What does Item 7 of Part II say?",
        "Sales in America and Washington grew.",  # places that begin company names
        "Sales in Southern California grew.",  # an English company name inside a longer name
        "What did the report of November 7, 2025 say, according to Yahoo Finance?",
        "What was the 20-day SMA on June 30?",
        "How much do American consumers spend?",  # "American" alone is no company's name
        "Were American revenues higher than European ones?",
    ],
)
def test_words_abbreviations_and_sentence_openings_name_no_company(question):
    assert find_companies(question) == []
    assert unknown_names(question) == []


def test_what_a_mention_says_about_where_it_stands():
    walmart, costco = find_companies("Compare Walmart's revenue with Costco.")
    assert (walmart.text, walmart.subject, walmart.label) == ("Walmart", True, "Walmart (WMT)")
    assert (costco.text, costco.subject) == ("Costco", False)
    (symbol,) = find_companies("What was WMT's revenue?")
    assert symbol.label == "Walmart (WMT)"
    (cashtag,) = find_companies("Is $ko cheap?")
    assert (cashtag.text, cashtag.ticker) == ("$ko", "KO")


def test_names_of_unregistered_companies_are_reported_and_nothing_else():
    assert unknown_names("What was SpaceX's revenue in 2023?") == ["SpaceX"]
    assert unknown_names("What was the revenue of Databricks in 2023?") == ["Databricks"]
    assert unknown_names("What is the PPNE of Boeing? Calculate it for FY2022.") == []
    assert unknown_names("Looking at VaR, did JPM's risk decrease?") == []


def test_name_keys_drop_legal_forms_the_and_share_classes():
    assert name_keys("COCA COLA CO") == ["coca cola co", "cocacolaco", "coca cola", "cocacola"]
    assert "jpmorgan chase" in name_keys("JPMORGAN CHASE & CO")
    assert "johnson and johnson" in name_keys("JOHNSON & JOHNSON")
    assert "walt disney" in name_keys("The Walt Disney Company")
    assert "alibaba" in name_keys("Alibaba Group Holding Ltd")
    assert "berkshire hathaway" in name_keys("Berkshire Hathaway Inc. Class B")
    assert "bank of america" in name_keys("BANK OF AMERICA CORP /DE/")
    assert "novo nordisk" in name_keys("NOVO NORDISK A S")
    assert "american water" in name_keys("American Water Works Company, Inc.")
    assert "american" not in name_keys("AMERICAN INTERNATIONAL GROUP, INC.")
    assert "cisco" not in name_keys("CISCO SYSTEMS, INC.")  # trade words leave two words


def test_a_first_word_no_other_company_uses_names_its_company():
    registry = default_registry()
    assert registry.by_key("costco").ticker == "COST"
    assert registry.by_key("verizon").ticker == "VZ"
    assert registry.by_key("america") is None and registry.by_key("washington") is None


def test_later_records_add_former_names_and_later_aliases_win(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("# alias,ticker\nBigCo,WMT\nAmex,COST\nnot a row\n")
    assert read_aliases(aliases) == [("BigCo", "WMT"), ("Amex", "COST")]
    facebook = Company("0001326801", "Meta Platforms, Inc.", ("META",), ("FACEBOOK INC",))
    registry = default_registry().with_records([facebook], read_aliases(aliases))
    assert find_tickers("What was Facebook's revenue in 2020?", registry) == ["META"]
    assert find_tickers("What is BigCo's revenue?", registry) == ["WMT"]
    assert find_tickers("How big is Amex?", registry) == ["COST"]
    assert find_tickers("How big is Amex?") == ["AXP"]  # the shipped registry is unchanged
    assert read_aliases(tmp_path / "missing.csv") == []


def test_a_registry_of_one_company_finds_only_it():
    registry = Registry.build([Company("name:acme widgets", "Acme Widgets, Inc.")])
    assert [m.company.name for m in find_companies("Acme Widgets' revenue?", registry)] == [
        "Acme Widgets, Inc."
    ]
    assert find_companies("What was Walmart's revenue?", registry) == []


def test_english_words_and_finance_abbreviations_are_words():
    assert all(is_word(w) for w in ["key", "COST", "Calculate", "EPS", "PPNE", "M&A", "P/E", "IV"])
    assert not any(is_word(w) for w in ["Walmart", "NVDA", "Costco", "MCD", "CL"])


def test_an_activity_list_names_each_cash_flow_section():
    asked = "Among operations, investing, and financing activities, which brought in the most?"
    assert [m.key for m in asked_metrics(asked)] == [
        "operating_cash_flow",
        "investing_cash_flow",
        "financing_cash_flow",
    ]
    shared = "What were cash flows from operating and investing in 2023?"
    assert [m.key for m in asked_metrics(shared)] == ["operating_cash_flow", "investing_cash_flow"]
    assert asked_metrics("How much did operations cost?") == []


def test_liquidation_wording_is_not_taken_for_book_value():
    query = analyze("What liquidation preference do the preferred shares carry?", date(2025, 1, 2))
    assert "book value" not in query.search_text
