"""Leaks of tables read by words instead of by their columns, on other companies' text than the
labelled rows', each next to a faithful twin that must still pass:
- a PDF row whose cells print "7 %" (a space before the sign) is a table row under its header
  ("2023 2022 Change"), and its trailing change cells are no periods' (an earlier year's figure
  given as the later year's is another column's: rag.answer.alignment.other_column)."""

from rag.answer.support import Passage, SupportCheck

# General Mills-style "Other results" table: two years and a change column.
GIS_OTHER = (
    "Other Consolidated Results\n"
    " 2023 2022 Change\n"
    "Net interest expense $ (382) $ (380) $ (2)\n"
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
