"""Leaks of tables read by words instead of by their columns, on other companies' text than the
labelled rows', each next to a faithful twin that must still pass:
- a PDF row whose cells print "7 %" (a space before the sign) is a table row under its header
  ("2023 2022 Change"), and its trailing change cells are no periods' (an earlier year's figure
  given as the later year's is another column's: rag.answer.alignment.other_column);
- a row printed in parentheses (an expense shown negative) moved the way its amount did: from
  (351) to (412) it grew (rag.answer.table_rows.changed);
- a rate's change is in points: "declined 0.8%" is not a margin's fall of 0.8 points (its
  relative change is 2%);
- two figures a claim binds in one clause ("bought back 12 million shares for $1.9 billion")
  are one event's only when one statement's clause prints both: a clause that prints one with
  another figure of the other's kind is another event (rag.answer.pairs.split_pair);
- an amount a row prints in parentheses under an "Increase / (decrease)" header beside positive
  amounts is a fall: "increased by" it is turned (rag.answer.polarity.rose_by_a_fall);
- an amount a statement gives as the cause of a move by another amount ("increased $62
  million, primarily due to a $48 million loss") is not the move (rag.answer.causes
  .cause_as_change);
- the word acting on a figure stays with it: "reclassified $4.0 billion" where the statement
  reclassified $2.1 billion and issued $4.0 billion is another action's figure
  (rag.answer.pairs.other_action);
- a pre-tax amount is no after-tax one (rag.answer.kinds), and a table row copied as a
  sentence ("Operating income $ 912 $ 644 $ 301.") claims nothing (support.copied_row);
- "X was the main source of cash" gives X as the driver: where the statement says "..., partially
  offset by X" it is turned (rag.answer.polarity.offset_as_cause);
- a cause stays with its effect: where the passage gives the effect the claim names another
  cause, and the claim's cause to another effect, the claim is unsupported
  (rag.answer.causes.other_effect);
- an act keeps its date ("amendments adopted in 2022", not "in 2023") and a thing its period
  ("quarterly dividends" are no "annual dividends") (rag.answer.alignment.other_dated_act);
- a subject keeps the way the statements bind it: "operating income to decline" where only
  "operating income improvement" is said (rag.answer.polarity.subject_moved_other_way);
- a figure printed only by a statement about the prior year ("Prior year diluted EPS was
  reduced by ...") is not the passage's latest year's (support._undated)."""

from rag.answer.alignment import other_dated_act
from rag.answer.pairs import other_action, split_pair
from rag.answer.polarity import rose_by_a_fall, subject_moved_other_way
from rag.answer.support import Passage, SupportCheck, _text_rows, copied_row

# General Mills-style "Other results" table: two years and a change column.
GIS_OTHER = (
    "Other Consolidated Results\n"
    " 2023 2022 Change\n"
    "Net interest expense $ (412) $ (351) $ (61)\n"
    "Net earnings attributable to General Mills $ 2,594 $ 2,707 (4) %\n"
    "Net earnings attributable to General Mills per share – diluted $ 4.31 $ 4.42 (2) %\n"
)


def _judge(embedder, text: str, ticker: str, sentence: str):
    return SupportCheck(embedder, [Passage(1, text, ticker, f"{ticker} 10-K")]).judge(sentence)


def test_an_earlier_columns_per_share_figure_is_not_the_later_years(embedder):
    wrong = _judge(embedder, GIS_OTHER, "GIS", "General Mills' diluted EPS was $4.42 in 2023 [1].")
    assert not wrong.supported
    right = _judge(embedder, GIS_OTHER, "GIS", "General Mills' diluted EPS was $4.31 in 2023 [1].")
    assert right.supported, right


def test_an_expense_printed_in_parentheses_grew_when_its_amount_did(embedder):
    wrong = "General Mills' net interest expense fell by $61 million in 2023 [1]."
    assert not _judge(embedder, GIS_OTHER, "GIS", wrong).supported
    right = "General Mills' net interest expense rose by $61 million in 2023 [1]."
    assert _judge(embedder, GIS_OTHER, "GIS", right).supported


# Colgate-style margin table: the change of a rate row printed bare, in points.
CL_MARGIN = (
    "Consolidated Results\n"
    " 2022 2021 Change\n"
    "Net sales $ 17,967 $ 17,421 3 %\n"
    "Gross profit margin 58.2 % 59.2 % (1.0)\n"
)


def test_a_rates_change_in_points_is_no_percentage(embedder):
    wrong = "Colgate's gross profit margin declined 1.0% in 2022 [1]."
    assert not _judge(embedder, CL_MARGIN, "CL", wrong).supported
    right = "Colgate's gross profit margin declined 1.0 percentage point in 2022 [1]."
    assert _judge(embedder, CL_MARGIN, "CL", right).supported
    relative = "Colgate's net sales rose 3% in 2022 [1]."
    assert _judge(embedder, CL_MARGIN, "CL", relative).supported


# Lowe's-style repurchase paragraph: the year's buyback and one after its end.
LOW_BUYBACK = (
    "During fiscal 2023, we repurchased 36.9 million shares of our common stock for $7.9 billion"
    " under our share repurchase program. Subsequent to the end of the year, through March 15,"
    " 2024, we repurchased 4.2 million shares for $1.0 billion. As of February 2, 2024, we had"
    " $9.8 billion remaining under the program."
)
# Kellogg-style debt paragraph: two notes redeemed, each for its own amount.
K_NOTES = (
    "In 2023 we redeemed $600 million of our 2.650% notes due 2023 at maturity, and $400 million"
    " of our 3.250% notes due 2026 under a make-whole call."
)


class _S:
    def __init__(self, text: str):
        self.text = text


def _said(text: str) -> list:
    return [_S(t.strip() + ".") for t in text.split(". ")]


def test_two_figures_of_two_events_are_no_pair():
    for wrong in (
        "Lowe's repurchased 36.9 million shares for $1.0 billion in fiscal 2023.",
        "Lowe's repurchased 4.2 million shares for $7.9 billion after the year ended.",
        "Kellogg redeemed $600 million of its 3.250% notes.",
    ):
        assert split_pair(wrong, _said(LOW_BUYBACK) + _said(K_NOTES)) == "swapped", wrong
    for right in (
        "Lowe's repurchased 36.9 million shares for $7.9 billion in fiscal 2023.",
        "After the year ended, Lowe's repurchased 4.2 million shares for $1.0 billion.",
        "Kellogg redeemed $400 million of its 3.250% notes due 2026.",
        "Lowe's repurchased 36.9 million shares in fiscal 2023, and had $9.8 billion remaining.",
    ):
        assert split_pair(right, _said(LOW_BUYBACK) + _said(K_NOTES)) is None, right


def test_a_buyback_of_another_periods_figures_fails_the_check(embedder):
    wrong = "Lowe's repurchased 36.9 million shares for $1.0 billion in fiscal 2023 [1]."
    assert not _judge(embedder, LOW_BUYBACK, "LOW", wrong).supported
    right = "Lowe's repurchased 36.9 million shares for $7.9 billion in fiscal 2023 [1]."
    assert _judge(embedder, LOW_BUYBACK, "LOW", right).supported


# Hasbro-style segment table: the year's amounts, then each segment's change.
HAS_SEGMENTS = (
    "Segment net revenues are presented below (amounts in millions):\n"
    "  For the Year Ended December 31, 2023  Increase / (decrease) 2023 v 2022\n"
    "  Consumer Wizards Entertainment Total  Consumer Wizards Entertainment Total\n"
    "Net revenues  $ 2,946  $ 1,459  $ 595  $ 5,000  $ (1,097)  $ 150  $ (226)  $ (1,173)\n"
)


class _Row:
    def __init__(self, text: str):
        self.text, self.coverage = text, 1.0


def test_a_change_printed_in_parentheses_is_a_fall():
    rows = [_Row(text) for text, _ in _text_rows(HAS_SEGMENTS)]
    wrong = "Hasbro's Consumer segment net revenues increased by $1,097 million in 2023."
    assert rose_by_a_fall(wrong, rows)
    for right in (
        "Hasbro's Consumer segment net revenues decreased by $1,097 million in 2023.",
        "Hasbro's Wizards segment net revenues increased by $150 million in 2023.",
        "Hasbro's Consumer segment net revenues were $2,946 million in 2023.",
    ):
        assert not rose_by_a_fall(right, rows), right
    # no change column: a parenthesised amount is no fall of it
    plain = [_Row("2023 2022\nOther income (expense), net $ 120 $ (1,097)")]
    assert not rose_by_a_fall("Other expense increased by $1,097 million.", plain)


# Kroger-style interest paragraph: the change, then an amount behind it.
KR_INTEREST = (
    "Net interest expense increased $62 million in 2023 compared to 2022, primarily due to a"
    " $48 million loss on the early extinguishment of debt. Interest income was $31 million."
)


def test_a_causes_amount_is_not_the_change(embedder):
    wrong = "Kroger's net interest expense increased $48 million in 2023 [1]."
    assert not _judge(embedder, KR_INTEREST, "KR", wrong).supported
    right = "Kroger's net interest expense increased $62 million in 2023 [1]."
    assert _judge(embedder, KR_INTEREST, "KR", right).supported
    cause = "Kroger's net interest expense rose mainly because of a $48 million loss on debt [1]."
    assert _judge(embedder, KR_INTEREST, "KR", cause).reason != "figure"


# Target-style working-capital paragraph: two actions on notes, each with its amount.
TGT_NOTES = (
    "Working capital decreased primarily due to the reclassification of $2.1 billion of senior"
    " notes to current liabilities, partially offset by our issuance of $4.0 billion of senior"
    " notes in March 2023. Revenue rose 5% to $5.2 billion, while revenue in 2022 was $4.9"
    " billion."
)


def test_a_figure_keeps_the_word_acting_on_it():
    wrong = "Target reclassified $4.0 billion of senior notes to current liabilities."
    assert other_action(wrong, _said(TGT_NOTES)) == "swapped"
    for right in (
        "Target reclassified $2.1 billion of senior notes to current liabilities.",
        "Target issued $4.0 billion of senior notes in March 2023.",
        "Revenue was $5.2 billion.",
        "Revenue was $4.9 billion in 2022.",
    ):
        assert other_action(right, _said(TGT_NOTES)) is None, right


def test_a_reclassification_of_the_issued_amount_fails_the_check(embedder):
    wrong = "Target reclassified $4.0 billion of senior notes to current liabilities [1]."
    assert not _judge(embedder, TGT_NOTES, "TGT", wrong).supported
    right = "Target reclassified $2.1 billion of senior notes to current liabilities [1]."
    assert _judge(embedder, TGT_NOTES, "TGT", right).supported


# Merck-style quarterly note: a charge given before tax, a loss after it.
MRK_NOTES = (
    "The third quarter of 2022 includes a pre-tax charge of $212 million to settle a patent"
    " dispute related to Keytruda, and the fourth quarter includes an after-tax loss of $95"
    " million on the sale of a manufacturing site."
)


def test_a_pre_tax_amount_is_no_after_tax_one(embedder):
    wrong = (
        "The third quarter included a $212 million after-tax charge to settle a patent dispute [1]."
    )
    assert not _judge(embedder, MRK_NOTES, "MRK", wrong).supported
    right = (
        "The third quarter included a $212 million pre-tax charge to settle a patent dispute [1]."
    )
    assert _judge(embedder, MRK_NOTES, "MRK", right).supported


def test_a_table_row_copied_as_a_sentence_claims_nothing():
    assert copied_row("Operating income $ 912 $ 644 $ 301.")
    assert copied_row("Gross margin 41.2 % 39.8 % 1.4")
    for claim in (
        "Operating income was $912 million in 2023, up from $644 million.",
        "NVIDIA was incorporated in Delaware on April 5, 1993.",
        "Revenue grew 5% in 2023 and 7% in 2022.",
    ):
        assert not copied_row(claim), claim


# Intuit-style operating cash paragraph: a source, then what offset it.
INTU_CASH = (
    "The primary working capital source of cash in fiscal 2023 was an increase in accrued"
    " compensation driven by higher headcount, partially offset by increases in accounts"
    " receivable attributable to the timing of billings."
)


def test_an_offset_is_no_main_source(embedder):
    wrong = (
        "Increases in accounts receivable were Intuit's main working capital source of cash in"
        " fiscal 2023 [1]."
    )
    assert _judge(embedder, INTU_CASH, "INTU", wrong).reason == "contradicted"
    right = (
        "An increase in accrued compensation was Intuit's main working capital source of cash in"
        " fiscal 2023 [1]."
    )
    assert _judge(embedder, INTU_CASH, "INTU", right).supported


# Hershey-style gross profit paragraph: two effects, each with its causes.
HSY_MARGIN = (
    "Gross profit increased 8% in 2023, driven by price realization and volume gains, partially"
    " offset by higher freight and logistics costs. The gross margin decline primarily reflects"
    " higher cocoa costs."
)


def test_a_cause_stays_with_its_effect(embedder):
    wrong = "Hershey's gross margin decline mainly reflects higher freight and logistics costs [1]."
    assert not _judge(embedder, HSY_MARGIN, "HSY", wrong).supported
    right = "Hershey's gross margin decline mainly reflects higher cocoa costs [1]."
    assert _judge(embedder, HSY_MARGIN, "HSY", right).supported
    growth = "Hershey's gross profit growth was driven by price realization and volume gains [1]."
    assert _judge(embedder, HSY_MARGIN, "HSY", growth).supported


# Caterpillar-style pension note and a news line about dividends.
CAT_PENSION = (
    "Pension income rose in 2023, reflecting lower interest cost and the impact of plan"
    " amendments adopted in 2022 that froze benefit accruals."
)
KO_NEWS = (
    "Coca-Cola raised its quarterly dividend to 48.5 cents a share, its 62nd straight annual"
    " increase."
)


def test_an_act_keeps_its_date_and_a_thing_its_period():
    assert other_dated_act("The plan amendments were adopted in 2023.", [CAT_PENSION])
    assert not other_dated_act("The plan amendments were adopted in 2022.", [CAT_PENSION])
    assert not other_dated_act("Pension income rose in 2023.", [CAT_PENSION])
    assert other_dated_act("Coca-Cola raised its annual dividend to 48.5 cents.", [KO_NEWS])
    for right in (
        "Coca-Cola raised its quarterly dividend to 48.5 cents.",
        "It was Coca-Cola's 62nd straight yearly increase.",
    ):
        assert not other_dated_act(right, [KO_NEWS]), right


# UPS-style outlook: the subject's way bound to it, another way said of other things.
UPS_OUTLOOK = [
    _S("In 2024, we expect lower package volume to weigh on revenue."),
    _S("However, we expect adjusted operating margin improvement in 2024 from our cost programs."),
    _S("We expect labor cost increases to negatively impact adjusted operating margin in 2024."),
]


def test_a_subject_keeps_the_way_the_statements_bind_it():
    assert subject_moved_other_way(
        "UPS expects adjusted operating margin to decline in 2024.", UPS_OUTLOOK
    )
    for right in (
        "UPS expects adjusted operating margin to improve in 2024.",
        "UPS expects package volume to be lower in 2024.",
        "UPS expects lower package volume in 2024.",
    ):
        assert not subject_moved_other_way(right, UPS_OUTLOOK), right


# Oracle-style EPS paragraph: this year's, then the prior year's, each with its charge.
ORCL_EPS = (
    "Diluted EPS was $3.32 for fiscal 2023. Current year diluted EPS was reduced by acquisition"
    " related charges of $0.41. Diluted EPS was $2.41 for fiscal 2022. Prior year diluted EPS was"
    " reduced by litigation related charges of $1.04."
)


def test_a_prior_years_figure_is_not_the_latest_years(embedder):
    wrong = "Litigation related charges reduced Oracle's fiscal 2023 diluted EPS by $1.04 [1]."
    assert _judge(embedder, ORCL_EPS, "ORCL", wrong).reason == "period"
    right = "Acquisition related charges reduced Oracle's fiscal 2023 diluted EPS by $0.41 [1]."
    assert _judge(embedder, ORCL_EPS, "ORCL", right).supported
