"""Three ways a close restatement says more than its source, each on other companies' text than
the labelled set's (Lockheed Martin's and General Mills' 10-Ks as FinanceBench prints them,
Amazon's bundled 10-K), each with faithful restatements that must still pass:
- a share given another base: "35% of Lockheed Martin's total net sales" for "35% of
  Aeronautics' net sales" (rag.answer.shares);
- a party joined to what another party seeks, or a subject one sentence lists joined to what
  the next says of others: "The Federal Trade Commission is seeking treble damages" where the
  private complaints seek them (rag.answer.binding.joined);
- a universal or denial without the exception its statement carves out: "No customer
  accounted for 10 percent ..." for "No customer other than Walmart ..."
  (rag.answer.hedges.dropped_exception)."""

import pytest

from rag.answer.binding import joined
from rag.answer.claims import terms
from rag.answer.hedges import dropped_exception, overstated
from rag.answer.shares import owner, rebased
from rag.answer.support import Passage, SupportCheck

# Lockheed Martin 2021 10-K (FinanceBench PDF), pages 3-5 and 22.
AERONAUTICS = (
    "In 2021, our Aeronautics business segment generated net sales of $26.7 billion, which "
    "represented 40% of our total consolidated net sales. Aeronautics’ customers include the "
    "military services, principally the U.S. Air Force and U.S. Navy, and various other "
    "government agencies of the U.S. and other countries, as well as commercial and other "
    "customers. In 2021, U.S. Government customers accounted for 65% and international "
    "customers accounted for 35% of Aeronautics’ net sales."
)
F35 = (
    "The F-35 program is our largest program, generating 27% of our total consolidated net "
    "sales, as well as 68% of Aeronautics’ net sales in 2021."
)
SPACE = (
    "Our equity investments had the greatest impact on our Space business segment where "
    "approximately 6% of its 2021 operating profit was derived from its share of earnings from "
    "equity method investees, primarily that in United Launch Alliance (ULA)."
)
GOODWILL = (
    "We have $10.8 billion of goodwill assets recorded on our consolidated balance sheet as of "
    "December 31, 2021 from previous acquisitions, which represents approximately 21% of our "
    "total assets."
)
UNIONS = (
    "As of December 31, 2021, approximately 93% of our workforce was located in the U.S. and "
    "approximately 20% of our employees were covered by collective bargaining agreements with "
    "various unions."
)
LMT_NAMES = terms("Lockheed Martin Corp LMT")

# General Mills 2022 10-K (FinanceBench PDF).
CUSTOMERS = (
    "No customer other than Walmart accounted for 10 percent or more of our consolidated net sales."
)
INVENTORIES = (
    "All inventories in the United States other than grain are valued at the lower of cost, "
    "using the last-in, first-out (LIFO) method, or market."
)

# Amazon 2024 10-K (data/sample/sec/filings/AMZN), Legal Proceedings.
COMPLAINTS = [
    "Some of the private cases include allegations of several distinct purported classes, "
    "including consumers who purchased a product through Amazon’s stores and consumers who "
    "purchased a product offered by Amazon through another e-commerce retailer.",
    "The complaints seek billions of dollars of alleged damages, treble damages, punitive "
    "damages, injunctive relief, civil penalties, attorneys’ fees, and costs.",
    "The Federal Trade Commission and a number of state Attorneys General filed a similar "
    "lawsuit in September 2023 in the W.D. Wash. alleging violations of federal antitrust and "
    "state antitrust and consumer protection laws.",
    "That complaint alleges, among other things, that Amazon has a monopoly in markets for "
    "online superstores and marketplace services, and unlawfully maintains those monopolies "
    "through anticompetitive practices relating to our pricing policies.",
    "The complaint seeks injunctive and structural relief, an unspecified amount of damages, and "
    "costs.",
    "In May 2024, the Attorney General of Arizona filed a complaint in the Superior Court of "
    "Arizona in Maricopa County alleging that Amazon’s practices related to pricing and the "
    "Featured Offers in its stores violate state antitrust and consumer protection laws.",
    "That complaint also seeks injunctive relief, an unspecified amount of damages, civil "
    "penalties, and costs.",
]
AMZN_NAMES = terms("Amazon.com Inc AMZN")


@pytest.mark.parametrize(
    "claim, statement",
    [
        (
            "International customers accounted for 35% of Lockheed Martin's total net sales",
            AERONAUTICS,
        ),
        ("The F-35 program generated 68% of Lockheed Martin's total consolidated net sales", F35),
        ("The F-35 program generated 27% of the Aeronautics segment's net sales in 2021", F35),
        ("About 6% of Lockheed Martin's 2021 operating profit came from equity investees", SPACE),
        (
            "Lockheed Martin derived about 6% of its 2021 operating profit from equity investees",
            SPACE,
        ),
        ("Goodwill represents approximately 21% of the Space segment's total assets", GOODWILL),
    ],
)
def test_a_share_given_another_base_is_rebased(claim, statement):
    assert rebased(claim, [(statement, "")], LMT_NAMES)


@pytest.mark.parametrize(
    "claim, statement",
    [
        (
            "International customers accounted for 35% of Aeronautics’ net sales in 2021",
            AERONAUTICS,
        ),
        (
            "Aeronautics generated 40% of Lockheed Martin's total consolidated net sales",
            AERONAUTICS,
        ),
        (
            "The F-35 program generated 27% of Lockheed Martin's total consolidated net sales and"
            " 68% of Aeronautics' net sales in 2021",
            F35,
        ),
        ("About 6% of the Space segment's 2021 operating profit came from equity investees", SPACE),
        ("The Space segment derived about 6% of its 2021 operating profit from investees", SPACE),
        ("Goodwill represents approximately 21% of Lockheed Martin's total assets", GOODWILL),
        # a base that cannot be told is no conflict
        ("International customers accounted for 35% of its net sales in 2021", AERONAUTICS),
        ("About 20% of Lockheed Martin's employees were covered by bargaining agreements", UNIONS),
    ],
)
def test_a_share_of_the_same_base_is_kept(claim, statement):
    assert not rebased(claim, [(statement, "")], LMT_NAMES)


def test_its_takes_the_nearest_owner_before_it():
    # the sentence before names the segment whose revenues "its" means
    before = "Our Space business segment's primary customer is the U.S. Government."
    assert owner("its 2021 revenues", before + " Revenues from the U.S. Government were", set())
    assert owner("its 2021 revenues", before, LMT_NAMES) == "part"
    assert owner("its 2021 revenues", "The Company derived", LMT_NAMES) == "company"
    assert owner("its 2021 revenues", "Lockheed Martin derived", LMT_NAMES) == "company"
    assert owner("its 2021 revenues", "Revenues from the U.S. DoD were", LMT_NAMES) is None
    assert owner("total revenues", "", LMT_NAMES) == "company"
    assert owner("2021 revenues", "", LMT_NAMES) is None


@pytest.mark.parametrize(
    "claim",
    [
        "The Federal Trade Commission seeks billions of dollars of punitive damages from Amazon",
        "The Federal Trade Commission is seeking civil penalties from Amazon",
    ],
)
def test_a_party_joined_to_what_another_party_seeks(claim):
    assert joined(claim, COMPLAINTS, AMZN_NAMES)


@pytest.mark.parametrize(
    "claim",
    [
        "The Federal Trade Commission is seeking injunctive and structural relief from Amazon",
        "The Attorney General of Arizona is seeking civil penalties from Amazon",
        "The private complaints seek treble damages and punitive damages from Amazon",
        "The FTC's complaint seeks injunctive and structural relief",
    ],
)
def test_what_a_party_seeks_said_of_it_is_kept(claim):
    assert not joined(claim, COMPLAINTS, AMZN_NAMES)


@pytest.mark.parametrize(
    "claim, statement",
    [
        ("No customer accounted for 10 percent or more of General Mills' net sales", CUSTOMERS),
        ("General Mills has no customer with 10 percent or more of its net sales", CUSTOMERS),
        ("All of General Mills' U.S. inventories are valued using the LIFO method", INVENTORIES),
    ],
)
def test_a_universal_without_its_exception_is_overstated(claim, statement):
    assert dropped_exception(claim, [statement])


@pytest.mark.parametrize(
    "claim, statement",
    [
        (
            "No customer other than Walmart accounted for 10 percent or more of General Mills'"
            " consolidated net sales",
            CUSTOMERS,
        ),
        (
            "All of General Mills' U.S. inventories except grain are valued using the LIFO method",
            INVENTORIES,
        ),
        ("Walmart accounted for 10 percent or more of General Mills' net sales", CUSTOMERS),
        (
            "None of NVIDIA's derivatives are held for trading",
            "We do not hold derivatives for trading.",
        ),
    ],
)
def test_a_universal_with_its_exception_is_kept(claim, statement):
    assert not dropped_exception(claim, [statement])


class _Said:
    def __init__(self, text):
        self.text, self.coverage, self.similarity = text, 1.0, 0.8


def test_a_denial_where_the_statement_gives_a_share_is_overstated():
    # "none" against a share or a count: the statement denies nothing
    assert overstated(
        "None of Lockheed Martin's employees are covered by bargaining agreements", [_Said(UNIONS)]
    )
    costco = "Approximately 17,000 employees are represented by unions."
    assert overstated("No Costco employees are represented by unions", [_Said(costco)])
    verizon = (
        "In addition, while a small percentage of the workforce outside of our traditional "
        "wireline operations is represented by unions for bargaining, we cannot predict what "
        "impact increased union density in this workforce could have on our operations."
    )
    assert overstated(
        "None of Verizon's workforce outside its wireline operations is represented by unions",
        [_Said(verizon)],
    )
    assert not overstated(
        "A small percentage of Verizon's workforce outside its wireline operations is "
        "represented by unions",
        [_Said(verizon)],
    )


def test_the_check_leaves_out_the_three_and_keeps_their_faithful_counterparts(
    remembering_embedder,
):
    lmt = Passage(1, " ".join([AERONAUTICS, F35, SPACE]), "LMT", "LOCKHEEDMARTIN_2021_10K.pdf")
    gis = Passage(1, CUSTOMERS, "GIS", "GENERALMILLS_2022_10K.pdf | page 5")
    amzn = Passage(1, " ".join(COMPLAINTS), "AMZN", "AMAZON COM INC 10-K 2024")
    lmt_share = "International customers accounted for 35% of {} net sales in 2021 [1]."
    gis_none = "No customer accounted for 10 percent or more of General Mills' net sales [1]."
    ftc = "The Federal Trade Commission is seeking treble and punitive damages from Amazon [1]."
    private = "The private complaints seek treble damages and punitive damages from Amazon [1]."
    for passage, sentence, supported in [
        (lmt, lmt_share.format("Lockheed Martin's total"), False),
        (lmt, lmt_share.format("Aeronautics’"), True),
        (gis, gis_none, False),
        (amzn, ftc, False),
        (amzn, private, True),
    ]:
        judgement = SupportCheck(remembering_embedder, [passage]).judge(sentence)
        assert judgement.supported is supported, (sentence, judgement.reason)
