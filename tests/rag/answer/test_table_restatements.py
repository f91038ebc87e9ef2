# ruff: noqa: W291, W293  (the passages keep the spaces pypdf prints)
"""Tables as pypdf and the filing reader print them, restated by a sentence (rag.answer.table_rows,
table_columns, table_records): change columns ("2019 vs. 2018") and the percent a row moved by,
cells split over lines or spaces ("$ \\n1,349", "(63 )", "55  %"), a scale note under the header
and what it excepts, labels under a heading line or broken mid-word, negative cells, a "from"
figure with no period of its own, "earned" for net income, tables whose columns are measures
(leased / owned), and records of one figure a row. The passages are written for these tests in
the layouts pypdf gives real 10-K pages (the eval's Netflix, Verizon, Boeing and Amazon pages),
with other companies and figures. Each faithful sentence has unfaithful counterparts that must
not pass: another row, another column or period, the wrong direction, the wrong scale."""

from rag.answer.claims import terms
from rag.answer.table_rows import table_rows, tidy, verdict

# A segment table as pypdf prints a 10-K page: change columns after the periods, cells split
# by spaces ("(12 )", "9  %"), the scale note under the header, a heading line ("Operating
# income:") over a row, a label broken mid-word ("Comparable sales gro\nwth").
SEGMENT = """Sam's Club Segment
 
 Fiscal Years Ended January 31,  Change  
 2019  2018  2017  2019 vs. 2018  2018 vs. 2017  
 (in millions, except units and percentages) Units:
              Net additions
 2  (63 )  5  65  (103 )%  (68 )  (93 )% Units at end of period
 599  597  660  2  0  %  (63 )  (10 )% Comparable sales gro
wth
 5.1 %  1.0 %  0.5 %
              Operating income:
              Net sales
 $ 57,839  $ 57,365  $ 56,828  $ 474  1  %  $ 537  1  % Operating income
 1,520  982  1,671  538  55  %  (689 )  (41 )% Operating margin
 2.6 %  1.7 %  2.9 %
              Other losses:
              Segment result
 (120 )  (95 )  (40 )  (25 )  26  %  (55 )  138  %"""

SAMS = "Walmart Sam's Club"


def judged(sentence: str, passage: str, company: str) -> str | None:
    return verdict(sentence, [passage], terms(company))


def test_pdf_cells_split_by_spaces_are_read_whole():
    assert tidy("$ \n4,611") == "$4,611"
    assert tidy("(63 )  (10 )%") == "(63)  (10)%"
    assert tidy("55  %") == "55%"
    rows = {r.label: r for r in table_rows(SEGMENT)}
    assert [c.value for _, c in rows["Units at end of period"].cells] == [599, 597, 660]
    assert "Comparable sales gro wth" in rows  # broken mid-word: spelled letter for letter
    assert "Net sales" in rows  # not "Operating income: Net sales"
    assert "in millions" in rows["Net sales"].caption  # the note under the header
    [(later, earlier, pct), _] = rows["Operating income"].changes
    assert (later.year, earlier.year, pct.value) == (2019, 2018, 55)


def test_a_row_restated_from_a_table_with_change_columns():
    ok = [
        "Sam's Club had 599 units at the end of fiscal 2019.",
        "Sam's Club net sales were about $57.8 billion in 2019.",
        "Sam's Club operating income was $1,520 million in 2019, up 55% from 2018.",
        "Sam's Club operating income grew 55% to $1.52 billion in 2019.",
        "Sam's Club operating margin was 2.6% in 2019, up from 1.7% in 2018.",
        "Sam's Club comparable sales growth was 5.1% in 2019.",
    ]
    for sentence in ok:
        assert judged(sentence, SEGMENT, SAMS) == "supported", sentence
    wrong = [
        "Sam's Club had 597 units at the end of fiscal 2019.",  # 2018's column
        "Sam's Club net sales were about $57.8 million in 2019.",  # the wrong scale
        "Sam's Club operating income was $1,520 million in 2019, up 41% from 2018.",  # other %
        "Sam's Club operating income was $1,520 million in 2019, up 55% from 2017.",  # period
        "Sam's Club operating income grew 55% to $982 million in 2019.",  # 2018's figure
        "Sam's Club operating margin was 2.6% in 2019, down from 1.7% in 2018.",  # direction
        "Sam's Club net sales grew 55% to $57.8 billion in 2019.",  # another row's change
    ]
    for sentence in wrong:
        assert judged(sentence, SEGMENT, SAMS) != "supported", sentence
    assert (
        judged("Sam's Club operating income fell 55% to $1,520 million in 2019.", SEGMENT, SAMS)
        == "contradicted"
    )


def test_a_negative_cell_is_a_negative_figure_or_a_loss():
    for sentence in [
        "Sam's Club's segment result was negative $120 million in 2019.",
        "Sam's Club's segment result was a loss of $120 million in 2019.",
    ]:
        assert judged(sentence, SEGMENT, SAMS) == "supported", sentence
    for sentence in [
        "Sam's Club's segment result was $120 million in 2019.",  # (120) said positive
        "Sam's Club's segment result was negative $95 million in 2019.",  # 2018's
        "Sam's Club's operating margin was negative 2.6% in 2019.",  # a positive cell
        "Sam's Club's operating income was a loss of $1,520 million in 2019.",
    ]:
        assert judged(sentence, SEGMENT, SAMS) != "supported", sentence


# Members under a note in thousands that excepts the revenue per member (pypdf's print).
MEMBERS = """Membership
 2021  2020  2019  
 (in thousands, except revenue per member and percentages)
 Members at end of period
 28,900  27,600  26,100 Average annual revenue per member
 $ 61.20  $ 60.10  $ 59.40 Membership fee revenues
 $ 4,512  $ 4,300  $ 4,100"""


def test_a_count_under_a_scale_note_says_its_scale():
    costco = "Costco Wholesale"
    for sentence in [
        "Costco had 28,900 thousand members at the end of 2021.",
        "Costco had about 28.9 million members at the end of 2021.",
        "Costco's average annual revenue per member was $61.20 in 2021.",  # excepted
        "Costco's membership fee revenues were about $4.5 million in 2021.",
    ]:
        assert judged(sentence, MEMBERS, costco) == "supported", sentence
    for sentence in [
        "Costco had 28,900 members at the end of 2021.",  # 28.9 million
        "Costco had about 28.9 billion members at the end of 2021.",
        "Costco's average annual revenue per member was $61.20 thousand in 2021.",
        "Costco's membership fee revenues were $4,512 in 2021.",  # not excepted: thousands
    ]:
        assert judged(sentence, MEMBERS, costco) != "supported", sentence


# A debt table as pypdf prints one cell a line, a currency sign on its own line.
DEBT = """The following table sets forth our debt maturities:
(dollars in millions)
At December 31,
2022
2021 
Short-term borrowings
$ 
1,349 
$ 
1,436 
Long-term debt maturing within one year
8,624 
6,207 
Long-term debt
140,676 
143,425"""


def test_a_from_figure_without_a_period_is_the_column_before():
    vz = "Comcast Corp"
    assert (
        judged(
            "Comcast's long-term debt fell to $140,676 million at the end of 2022 from $143,425"
            " million.",
            DEBT,
            vz,
        )
        == "supported"
    )
    assert (
        judged("Comcast's short-term borrowings were $1,349 million at the end of 2022.", DEBT, vz)
        == "supported"
    )
    for sentence in [
        "Comcast's long-term debt fell to $140,676 million at the end of 2022 from $6,207 million.",
        "Comcast's short-term borrowings were $1,436 million at the end of 2022.",
    ]:
        assert judged(sentence, DEBT, vz) != "supported", sentence
    assert (
        judged(
            "Comcast's long-term debt rose to $140,676 million at the end of 2022 from $143,425"
            " million.",
            DEBT,
            vz,
        )
        == "contradicted"
    )


# Quarterly highlights as pypdf prints a bank's 10-Q page (Wells Fargo style).
QUARTER = """Financial highlights
(in millions)
2Q21 1Q21 2Q20
Total revenue $ 20,270 $ 18,063 $ 17,836
Income before income tax expense 7,784 5,697 (3,112)
Net income $ 6,040 $ 4,742 $ (2,379)"""


def test_earned_names_the_net_income_row():
    wf = "Wells Fargo"
    assert judged("Wells Fargo earned about $6.0 billion in 2Q21.", QUARTER, wf) == "supported"
    assert judged("Wells Fargo earned about $7.8 billion in 2Q21.", QUARTER, wf) != "supported"
    assert judged("Wells Fargo earned about $4.7 billion in 2Q21.", QUARTER, wf) == "figure"


# A properties table of one date whose columns are measures (the filing reader's Markdown).
PROPERTIES = """As of December 31, 2021, our facilities were as follows (in thousands):
| Description of Use | Leased Square Footage | Owned Square Footage | Location |
| --- | --- | --- | --- |
| Bottling plants | 1,250 | 8,430 | North America |
| Bottling plants | 2,110 | 5,980 | International |
| Offices | 3,405 | 612 | North America |
| Total | 6,765 | 15,022 | |"""


def test_a_cell_of_a_measure_column_restated():
    ko = "Coca-Cola Co"
    ok = [
        "Coca-Cola leased 1,250 thousand square feet of bottling plants in North America.",
        "Coca-Cola owned about 15.0 million square feet at the end of 2021.",
        "Coca-Cola's bottling plants in International had 2,110 thousand square feet of leased"
        " space and 5,980 thousand square feet of owned space.",
    ]
    for sentence in ok:
        assert judged(sentence, PROPERTIES, ko) == "supported", sentence
    wrong = {
        # its owned footage
        "Coca-Cola leased 8,430 thousand square feet of bottling plants in North America.": (
            "figure"
        ),
        "Coca-Cola leased 2,110 thousand square feet of bottling plants in North America.": None,
        "Coca-Cola owned about 15.0 million square feet at the end of 2020.": None,
        "Coca-Cola owned about 15.0 billion square feet at the end of 2021.": None,
        "Coca-Cola leased 1,250 square feet of bottling plants in North America.": None,
        "Coca-Cola owned about 8.4 million square feet at the end of 2021.": None,
    }
    for sentence, expected in wrong.items():
        assert judged(sentence, PROPERTIES, ko) == expected, sentence


# A union table as pypdf prints a 10-K page: each name over lines (broken mid-word), its share
# alone on a line, its agreement's sentence after.
UNIONS = """As of December 31, 2021, our principal collective bargaining agreements were with the
following unions:
Union
Percent of our
Employees
Represented
Status of the Agreements with Major Union The International Brotherhood of Electrical
Workers (IBEW)
18%
We have one major agreement expiring in May 2024.
The Communications Workers of A
merica (CWA)
9%
We have two major agreements expiring in Aug ust 2023."""


def test_a_record_of_one_figure_restated():
    co = "Example Telecom Co"
    ok = [
        "The International Brotherhood of Electrical Workers represented 18% of Example's"
        " employees.",
        "The Communications Workers of America represented 9% of Example's employees, with two"
        " major agreements expiring in August 2023.",
        "About 9% of Example's employees were represented by the CWA.",
    ]
    for sentence in ok:
        assert judged(sentence, UNIONS, co) == "supported", sentence
    assert judged("The CWA represented 18% of Example's employees.", UNIONS, co) == "figure"
    for sentence in [
        "The CWA represented 9% of Example's employees, with agreements expiring in May 2024.",
        "The CWA represented 9% of Example's contractors.",
        "Electrical Workers represented 18% of Example's employees.",  # too little of the name
    ]:
        assert judged(sentence, UNIONS, co) != "supported", sentence
