"""Faithful restatements of MD&A and news prose the support check (rag.answer.support) used to
reject, each next to a near-twin that must still fail, on other companies' text than the
labelled rows':
- a change's earlier figure ("..., up from $78.7 billion a year earlier") is the earlier
  period's, and a date after a figure ("at December 31, 2023") is its period, not a qualifier
  (rag.answer.alignment.other_year, rag.answer.binding.qualifiers);
- a statement's clause that opens with its verb ("..., and included an unfavorable impact of
  $410 million") speaks of the first clause's subject, a trailing cause ("..., driven by ...")
  is every clause's, and a list's amount ("suppliers and employees of $620 million") its list's
  (rag.answer.alignment.crossed);
- a long sentence's main clause frames its later clauses, and glued PDF words count in a
  clause (rag.answer.alignment.clause_windows);
- an opening phrase ("Despite ..., ") is no name; "capital spending" is "capital expenditures",
  "intends" an intention, "nearly" and "stood at" claim nothing of their own, "taxes" is
  "tax", "came from" is "due to"."""

import pytest

from rag.answer.alignment import clause_windows, crossed, other_year
from rag.answer.binding import qualifiers, requalified
from rag.answer.claims import figures, terms
from rag.answer.support import Passage, SupportCheck, entities

# Northrop Grumman-style backlog paragraph.
NOC_BACKLOG = (
    "At December 31, 2023, our total backlog was $84.2 billion compared with $78.7 billion at"
    " December 31, 2022. Funded backlog was $48.6 billion at December 31, 2023, as compared to"
    " $45.1 billion at December 31, 2022."
)
# Texas Instruments-style margin discussion: the second clause has no subject of its own.
TXN_MARGIN = (
    "Gross profit decreased $1.2 billion, or 12%, driven by lower revenue, and included an"
    " unfavorable manufacturing underutilization impact of approximately $410 million."
)
# AMD-style segment discussion: one cause for two changes.
AMD_CLIENT = (
    "Client segment revenue was up 42% from a year ago and up 9% sequentially, driven by strong"
    " demand for our Ryzen processors."
)
# A cash-flow explanation whose last amount belongs to a list of two nouns.
KHC_CASH = (
    "The increase in operating cash flow was primarily due to higher collections of $1.4"
    " billion, partially offset by higher payments to suppliers and employees of $620 million."
)
# Hershey-style outlook: one long sentence, its verb at the start, its object at the end.
HSY_OUTLOOK = (
    "We expect that the benefits of our productivity programs and pricing actions, partially"
    " offset by higher wage rates, elevated freight costs, increased marketing investment and"
    " continued currency headwinds, will result in an adjusted gross margin broadly in line with"
    " fiscal 2023 levels."
)
# Walgreens-style list of actions, as a PDF extraction glues its words.
WBA_ACTIONS = (
    "These actions include new service initiatives in the retail segment, expanding the digital"
    " pharmacy platform, accelerating the program designed toimprove the profitability of the"
    " specialty business and initiating a store optimization plan."
)
# A market news story.
RIVN_NEWS = (
    "Shares of Rivian rose 12% on Tuesday, their best day since March. Rivian is still the worst"
    " performer among U.S. automakers this year, down 38% since January."
)


def _judge(embedder, text: str, ticker: str, sentence: str, source: str = "sec"):
    passage = Passage(1, text, ticker, "10-K" if source == "sec" else "News", source)
    return SupportCheck(embedder, [passage]).judge(sentence)


# ---- a change's earlier figure and a figure's date -----------------------------------------


def test_a_date_after_a_figure_is_its_period_not_a_qualifier():
    backlog = figures(NOC_BACKLOG)[0]
    assert qualifiers(NOC_BACKLOG, figures(NOC_BACKLOG)[1]) == set()
    claim = "Total backlog was $84.2 billion at December 31, 2023"
    assert not requalified(claim, figures(claim)[0], NOC_BACKLOG)
    assert backlog.text == "$84.2 billion"
    # a place is still a qualifier
    text = "As of March 31, 2024 we had 5,200 employees in Canada and 3,100 in Mexico."
    wrong = "The company had 3,100 employees in Canada as of March 31, 2024"
    assert requalified(wrong, figures(wrong)[0], text)


def test_the_earlier_figure_of_a_change_is_the_earlier_period_s():
    claim = "Funded backlog rose to $48.6 billion at the end of 2023 from $45.1 billion"
    earlier = figures(claim)[1]
    assert not other_year(claim, earlier, NOC_BACKLOG)
    # the figure set against the year's is that year's own: not an earlier value
    statement = (
        "At December 31, 2023, backlog was $84.2 billion, of which $48.6 billion was funded."
    )
    wrong = "Backlog was $84.2 billion in 2023, up from $48.6 billion"
    assert other_year(wrong, figures(wrong)[1], statement)
    # a table row's header names the earlier years
    row = "2023 2022 2021\nBacklog $ 84.2 $ 78.7 $ 76.2"
    right = "Backlog was $84.2 billion in 2023, up from $78.7 billion"
    assert not other_year(right, figures(right)[1], row)


@pytest.mark.parametrize(
    "sentence, supported",
    [
        (
            "Northrop Grumman's total backlog was $84.2 billion at December 31, 2023, up from"
            " $78.7 billion a year earlier [1].",
            True,
        ),
        ("Funded backlog rose to $48.6 billion at the end of 2023 from $45.1 billion [1].", True),
        # another line's figure as the earlier value, and a figure given another year
        (
            "Northrop Grumman's total backlog was $84.2 billion at December 31, 2023, up from"
            " $45.1 billion a year earlier [1].",
            False,
        ),
        ("Funded backlog rose to $48.6 billion at the end of 2022 from $45.1 billion [1].", False),
    ],
)
def test_a_backlog_change_restated(remembering_embedder, sentence, supported):
    judgement = _judge(remembering_embedder, NOC_BACKLOG, "NOC", sentence)
    assert judgement.supported is supported, judgement


# ---- what a clause takes from the others ---------------------------------------------------


def test_a_clause_opening_with_its_verb_speaks_of_the_first_clause_s_subject():
    claim = "Manufacturing underutilization reduced gross profit by approximately $410 million"
    assert not crossed(terms(claim), figures(claim)[0], TXN_MARGIN)
    wrong = "Manufacturing underutilization reduced gross profit by approximately $1.2 billion"
    assert crossed(terms(wrong), figures(wrong)[0], TXN_MARGIN)


def test_a_trailing_cause_is_every_clause_s():
    claim = "Client segment revenue grew 42% from a year ago on strong demand for Ryzen processors"
    assert not crossed(terms(claim), figures(claim)[0], AMD_CLIENT)
    wrong = "Client segment revenue grew 9% from a year ago on strong demand for Ryzen processors"
    assert crossed(terms(wrong), figures(wrong)[0], AMD_CLIENT)


def test_a_list_s_amount_is_the_list_s():
    claim = "It was partly offset by $620 million of higher payments to suppliers and employees"
    assert not crossed(terms(claim), figures(claim)[0], KHC_CASH)
    wrong = "The increase was due to higher collections of $620 million"
    assert crossed(terms(wrong), figures(wrong)[0], KHC_CASH)


@pytest.mark.parametrize(
    "sentence, supported",
    [
        (
            "Manufacturing underutilization reduced Texas Instruments' gross profit by"
            " approximately $410 million [1].",
            True,
        ),
        (
            "Manufacturing underutilization reduced Texas Instruments' gross profit by"
            " approximately $1.2 billion [1].",
            False,
        ),
    ],
)
def test_an_impact_included_in_a_change_restated(remembering_embedder, sentence, supported):
    judgement = _judge(remembering_embedder, TXN_MARGIN, "TXN", sentence)
    assert judgement.supported is supported, judgement


# ---- a long sentence's clauses --------------------------------------------------------------


def test_the_main_clause_frames_each_later_clause():
    windows = clause_windows(HSY_OUTLOOK)
    assert (
        "We expect that will result in an adjusted gross margin broadly in line with fiscal 2023"
        " levels." in windows
    )
    # a sentence that states (not expects) frames nothing
    assert not any(
        w.startswith("Revenue grew") and "margin" in w
        for w in clause_windows(
            "Revenue grew 5% in Europe, 3% in Asia and 2% in the U.S., and margin fell."
        )
    )


@pytest.mark.parametrize(
    "text, ticker, sentence, supported",
    [
        (
            HSY_OUTLOOK,
            "HSY",
            "Hershey expects an adjusted gross margin broadly in line with fiscal 2023 levels [1].",
            True,
        ),
        (
            HSY_OUTLOOK,
            "HSY",
            "Hershey expects an adjusted operating margin well above fiscal 2023 levels [1].",
            False,
        ),
        (
            WBA_ACTIONS,
            "WBA",
            "The company plans to accelerate its program to improve the profitability of its"
            " specialty business [1].",
            True,
        ),
        (
            WBA_ACTIONS,
            "WBA",
            "The company plans to accelerate its program to improve the profitability of its"
            " international business [1].",
            False,
        ),
    ],
)
def test_a_clause_of_a_long_sentence_restated(
    remembering_embedder, text, ticker, sentence, supported
):
    judgement = _judge(remembering_embedder, text, ticker, sentence)
    assert judgement.supported is supported, judgement


# ---- words ------------------------------------------------------------------------------------


def test_an_opening_phrase_is_no_name():
    opening = "Despite its best day since March, Rivian remained the worst performer."
    assert set(entities(opening)) == {"March", "Rivian"}
    assert "Excluding" not in entities("Excluding currency changes, Asia revenues grew 13%.")
    assert "Corning" in entities("Corning reported higher sales, driven by optical demand.")
    assert "Boeing" in entities("Boeing delivered 528 airplanes, up 10%.")


@pytest.mark.parametrize(
    "sentence, supported",
    [
        (
            "Despite its best day since March, Rivian remained the worst performer among U.S."
            " automakers this year [1].",
            True,
        ),
        (
            "Despite its best day since March, Rivian remained the worst performer in the S&P"
            " 500 this year [1].",
            False,
        ),
    ],
)
def test_an_opening_phrase_restated(remembering_embedder, sentence, supported):
    judgement = _judge(remembering_embedder, RIVN_NEWS, "RIVN", sentence, source="news")
    assert judgement.supported is supported, judgement


def test_reworded_terms_are_the_filing_s():
    assert terms("capital spending") == terms("capital expenditures")
    assert terms("it intends to spend") == terms("its intention to spend")
    assert terms("revenue nearly doubled") == terms("revenue doubled")
    assert terms("backlog stood at") == terms("backlog was")
    assert terms("capital spending") != terms("operating expenses")
    # a plural in "-xes" has its singular's stem
    assert terms("payroll taxes") == terms("payroll tax")
    assert terms("payroll taxes") != terms("payroll boxes")
    assert terms("the Government raising the rate") == terms("the Government increased the rate")
    assert terms("the gain came from pricing") == terms("the gain was due to pricing")
    assert terms("the gain came from pricing") != terms("the gain came from volume")
