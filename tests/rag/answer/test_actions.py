"""An action done the other way on the same object (rag.answer.actions), on made-up companies:
each wrong sentence beside a faithful twin."""

from types import SimpleNamespace

import pytest

from rag.answer.actions import opposite_action

BUILT = "Brindle Foods said it is building market share and has built trust with its grocers."
SUPPORT = "Quarrow Air will keep supporting its dealers, though temporary cuts were made to staff."
HIRED = "Pellion Labs hired 200 engineers and opened a plant in Ohio."
KEPT = "Tovar Steel did not lose any customers in the downturn."
RAISED = "Ambrel Corp raised its quarterly dividend and expanded its store network."


@pytest.mark.parametrize(
    ("claim", "passage", "turned"),
    [
        ("Brindle Foods is losing market share.", BUILT, True),
        ("Brindle Foods is growing market share.", BUILT, False),
        ("Brindle Foods lost the trust of its grocers.", BUILT, True),
        ("Brindle Foods gained the trust of its grocers.", BUILT, False),
        ("Quarrow Air cut back support for its dealers.", SUPPORT, True),
        ("Quarrow Air is supporting its dealers.", SUPPORT, False),
        ("Quarrow Air withdrew support from its dealers.", SUPPORT, True),
        ("Pellion Labs laid off 200 engineers.", HIRED, True),
        ("Pellion Labs hired 200 engineers.", HIRED, False),
        ("Pellion Labs closed a plant in Ohio.", HIRED, True),
        ("Pellion Labs opened a plant in Ohio.", HIRED, False),
        ("Tovar Steel lost customers in the downturn.", KEPT, True),
        ("Tovar Steel didn't lose customers in the downturn.", KEPT, False),
        ("Tovar Steel not only lost customers in the downturn.", KEPT, True),
        ("Ambrel Corp lowered its quarterly dividend.", RAISED, True),
        ("Ambrel Corp lifted its quarterly dividend.", RAISED, False),
        ("Ambrel Corp shrank its store network.", RAISED, True),
        ("Ambrel Corp widened its store network.", RAISED, False),
    ],
)
def test_opposite_action(claim, passage, turned):
    assert opposite_action(claim, [SimpleNamespace(text=passage)]) is turned


def test_other_object_is_no_contradiction():
    """Losing one thing is no opposite of building another."""
    passage = SimpleNamespace(text=BUILT)
    assert not opposite_action("Brindle Foods lost two warehouse leases.", [passage])


def test_a_statement_doing_it_the_claims_way_holds():
    """Where one statement cuts back what another supports, cutting back is said."""
    cut = "Quarrow Air cut back its dealers."
    said = [SimpleNamespace(text=SUPPORT), SimpleNamespace(text=cut)]
    assert not opposite_action(cut, said)
