"""Features of the "close enough" gate of the sentence-support check (rag.answer.support): what
the check knows of a claim and the cited passages' statements before its conflict detectors run,
as numbers a learned gate can weigh (scripts/fit_support_gate.py fits and measures one).

Each feature is cheap: the check has computed it already, or it counts words and figures."""

import re
from collections.abc import Sequence
from typing import Protocol

from rag.answer.claims import clauses, coverage, figures, same_figure

BOUND = 0.75  # a statement with this share of a claim's key terms says what its figure is of
_YEAR = re.compile(r"^(?:19|20)\d\d$")

FEATURES = (
    "similarity",  # cosine similarity of the closest statement
    "near_coverage",  # share of the claim's key terms the two closest statements hold
    "best_similarity",  # similarity of the statement with most of the claim's terms
    "best_coverage",  # ... and its share of them
    "second_similarity",  # similarity of the second closest statement
    "clause_close",  # a clause of a statement rich in the claim's terms says it (0/1)
    "context_close",  # a statement with its heading says it (0/1)
    "new_names",  # names the statements never mention
    "new_years",  # years among them
    "figures",  # figures the claim states
    "figures_found",  # share of them printed in the cited passages (at any filing scale)
    "figures_bound",  # share printed in a statement with most of the claim's terms
    "words",  # words of the claim
    "claim_terms",  # its key terms
    "clauses",  # its clauses
)


class Statement(Protocol):
    text: str
    single: bool
    terms: set[str]
    similarity: float
    coverage: float


def features(
    claim_text: str,
    claim: set[str],
    names: set[str],
    units: Sequence[Statement],
    new: Sequence[str],
    passages: Sequence[str],
    clause_close: bool,
    context_close: bool,
) -> dict[str, float]:
    """The gate's features of one claim (its text and key terms) against the pool's statements
    (`units`, scored), the names they never mention (`new`) and the passages' texts."""
    top = sorted(units, key=lambda u: -u.similarity)
    by_words = sorted(units, key=lambda u: (-u.coverage, -u.similarity))
    near = set().union(*(u.terms for u in top[:2])) | names
    found, bound = _figure_shares(claim_text, claim, units, passages)
    return {
        "similarity": top[0].similarity,
        "near_coverage": coverage(claim, near),
        "best_similarity": by_words[0].similarity,
        "best_coverage": by_words[0].coverage,
        "second_similarity": top[1].similarity if len(top) > 1 else 0.0,
        "clause_close": float(clause_close),
        "context_close": float(context_close),
        "new_names": float(len(new)),
        "new_years": float(sum(bool(_YEAR.match(e)) for e in new)),
        "figures": float(len(figures(claim_text))),
        "figures_found": found,
        "figures_bound": bound,
        "words": float(len(claim_text.split())),
        "claim_terms": float(len(claim)),
        "clauses": float(len(clauses(claim_text))),
    }


def _figure_shares(
    claim_text: str, claim: set[str], units: Sequence[Statement], passages: Sequence[str]
) -> tuple[float, float]:
    """The share of the claim's figures its passages print (as printed or at another filing
    scale), and the share a statement with most of the claim's terms prints; 1.0 each for a
    claim without figures."""
    stated = figures(claim_text)
    if not stated:
        return 1.0, 1.0
    printed = [f for text in passages for f in figures(text)]
    found = sum(any(same_figure(f, p) for p in printed) for f in stated)
    rich = [u for u in units if u.single and u.coverage >= BOUND]
    bound = sum(any(same_figure(f, p) for u in rich for p in figures(u.text)) for f in stated)
    return found / len(stated), bound / len(stated)


# The model's inputs: the features and two products (closeness in meaning and in words together).
NAMES = (*FEATURES, "similarity*near_coverage", "best_similarity*best_coverage")


def vector(f: dict[str, float]) -> list[float]:
    """The model's inputs of one claim's features, in the order of NAMES."""
    return [
        *(f[name] for name in FEATURES),
        f["similarity"] * f["near_coverage"],
        f["best_similarity"] * f["best_coverage"],
    ]
