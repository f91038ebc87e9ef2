"""Leaks of tables read by words instead of by their columns, on other companies' text than the
labelled rows', each next to a faithful twin that must still pass:
- a PDF row whose cells print "7 %" (a space before the sign) is a table row under its header
  ("2023 2022 Change"), and its trailing change cells are no periods' (an earlier year's figure
  given as the later year's is another column's: rag.answer.alignment.other_column);
- a row printed in parentheses (an expense shown negative) moved the way its amount did: from
  (351) to (412) it grew (rag.answer.table_rows.changed);
- a rate's change is in points: "declined 0.8%" is not a margin's fall of 0.8 points (its
  relative change is 2%)."""

from rag.answer.support import Passage, SupportCheck

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
