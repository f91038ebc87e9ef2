"""The features of the support check's "close enough" gate (scripts/fit_support_gate.py), on short
passages of companies the labelled rows do not read: a faithful sentence next to its unsupported
twin. The statements' similarities are given (the embedder's are tested elsewhere)."""

import importlib.util
from pathlib import Path

from rag.answer.claims import coverage, terms
from rag.answer.support import _Unit


def _fit_script():
    path = Path(__file__).resolve().parents[3] / "scripts" / "fit_support_gate.py"
    spec = importlib.util.spec_from_file_location("fit_support_gate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


script = _fit_script()
FEATURES, NAMES = script.FEATURES, script.NAMES

DEERE = (
    "Construction and forestry net sales were $13.1 billion in fiscal 2023, compared with "
    "$12.1 billion in fiscal 2022. The increase was driven by higher shipment volumes and price "
    "realization."
)
HORMEL = (
    "Retail segment volume decreased 4% in the fourth quarter, reflecting lower turkey sales. "
    "The Company expects to complete the plant consolidation in fiscal 2025."
)


def gate_features(claim_text: str, passage: str, similarities: list[float], new=()) -> dict:
    """The features of a claim against a passage's sentences, each with a given similarity."""
    claim = terms(claim_text)
    sentences = [s.strip() + "." for s in passage.split(". ") if s.strip()]
    units = [
        _Unit(1, text.rstrip(".") + ".", True, terms(text), sim, coverage(claim, terms(text)))
        for text, sim in zip(sentences, similarities, strict=True)
    ]
    return script.features(claim_text, claim, set(), units, list(new), [passage], False, False)


def test_a_faithful_figure_is_found_and_bound_where_an_invented_one_is_not():
    faithful = gate_features(
        "Deere's construction and forestry net sales were $13.1 billion in fiscal 2023.",
        DEERE,
        [0.86, 0.35],
    )
    invented = gate_features(
        "Deere's construction and forestry net sales were $14.6 billion in fiscal 2023.",
        DEERE,
        [0.85, 0.35],
    )
    assert faithful["figures"] == invented["figures"] == 1  # the amount (a year is no figure)
    assert faithful["figures_found"] == faithful["figures_bound"] == 1.0
    assert invented["figures_found"] == invented["figures_bound"] == 0.0


def test_a_figure_printed_at_another_scale_is_found():
    found = gate_features(
        "Construction and forestry net sales were $13,100 million in fiscal 2023.",
        DEERE,
        [0.84, 0.3],
    )
    assert found["figures_found"] == 1.0


def test_a_claim_without_figures_counts_them_all_found():
    said = gate_features("Hormel expects to complete the plant consolidation.", HORMEL, [0.2, 0.83])
    assert said["figures"] == 0 and said["figures_found"] == said["figures_bound"] == 1.0


def test_closeness_features_are_the_best_statements():
    faithful = gate_features(
        "Retail segment volume decreased 4% in the fourth quarter.", HORMEL, [0.91, 0.3]
    )
    drifted = gate_features(
        "Retail segment volume decreased 4% because of weaker pork demand.",
        HORMEL,
        [0.74, 0.3],
        new=[],
    )
    assert faithful["similarity"] == 0.91 and faithful["second_similarity"] == 0.3
    assert faithful["best_coverage"] == 1.0 and drifted["best_coverage"] < 1.0
    assert faithful["near_coverage"] > drifted["near_coverage"]


def test_new_names_and_years_are_counted():
    named = gate_features(
        "Hormel expects Jennie-O to complete the plant consolidation in fiscal 2026.",
        HORMEL,
        [0.3, 0.8],
        new=["Jennie-O", "2026"],
    )
    assert named["new_names"] == 2 and named["new_years"] == 1


def test_the_model_inputs_follow_the_feature_names():
    f = gate_features("Retail segment volume decreased 4%.", HORMEL, [0.9, 0.2])
    assert set(f) == set(FEATURES)
    assert len(script.vector(f)) == len(NAMES)


def _row(i: int, label: str, similarity: float, conflict=None, grounded=True) -> dict:
    f = dict.fromkeys(FEATURES, 0.0) | {"similarity": similarity, "near_coverage": similarity}
    return {
        "id": str(i),
        "split": "tune",
        "label": label,
        "group": "ACME" if i % 2 else "GLOBEX",
        "grounded": grounded,
        "features": f,
        "thresholds": similarity >= 0.705,
        "new": False,
        "conflict": conflict,
    }


def test_the_fitted_gate_ranks_closer_claims_higher_and_a_detector_still_rejects():
    rows = [_row(i, "supported", 0.6 + i / 100) for i in range(20)]
    rows += [_row(20 + i, "unsupported", 0.4 + i / 100) for i in range(20)]
    model = script.fit(rows)
    score = script.scores(model, rows)
    assert score[:20].min() > score[20:].max()  # separable: every supported claim above
    rejected = _row(99, "unsupported", 0.95, conflict="figure")
    assert not script.passed(rejected, True)  # the gate never overrides a detector
    assert not script.passed(_row(98, "supported", 0.95, grounded=False), True)
    assert script.tally(rows, script.thresholds(rows)) == (0, 20, 9, 20)
