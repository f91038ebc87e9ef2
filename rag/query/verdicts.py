"""The judgements a question asks for (rag.figures.verdicts decides them from the figures):
"Has X's debt increased?", "Are margins consistent (not more than 2%)?", "Which was largest?",
"Does X have positive working capital?", "Is its quick ratio healthy?"."""

import re
from dataclasses import dataclass

DOWN_WORDS = (
    r"\b(decreas\w*|declin\w*|drop\w*|fall\w*|fell|shrink\w*|reduc\w*|lower\w*|deteriorat\w*)\b"
)
YES_NO = r"^(?:has|have|had|did|does|do|was|were|is|are)\b"
YES_NO_CHANGE = re.compile(
    YES_NO + r".*?\b(?:increas\w*|grow\w*|grew|ris\w*|rose|improv\w*|higher|decreas\w*|"
    r"declin\w*|drop\w*|fall\w*|fell|shrink\w*|reduc\w*|lower\w*|chang\w*|deteriorat\w*)\b",
    re.IGNORECASE,
)
STEADINESS = re.compile(
    YES_NO + r".*?\b(consistent|stable|steady|fluctuat\w*|volatile|volatility)\b", re.IGNORECASE
)
UNSTEADY = ("fluctuat", "volatil")
TOLERANCE_ASKED = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent|points?)", re.IGNORECASE)
# "Does X have positive working capital?", "Is its free cash flow negative?": the sign asked
SIGN_ASKED = re.compile(YES_NO + r"[^?.]*?\b(positive|negative)\b", re.IGNORECASE)
# "Does X have a healthy quick ratio?", "Is X capital intensive?": a ratio judged against its
# usual benchmark (rag.figures.verdicts.BENCHMARKS); "high" asks whether it clears it
JUDGED = re.compile(
    YES_NO + r"[^?]*?\b(healthy|strong|solid|sound|adequate|comfortable|capital[- ]intensive|"
    r"weak|poor|unhealthy|strained|inadequate)\b",
    re.IGNORECASE,
)
BELOW_WORDS = ("weak", "poor", "unhealthy", "strained", "inadequate")
WHICH = re.compile(r"\b(which|what|who)\b", re.IGNORECASE)
SUPERLATIVE = re.compile(
    r"\b(most|highest|largest|biggest|greatest|best|top|least|lowest|smallest|worst)\b",
    re.IGNORECASE,
)
LOW_WORDS = ("least", "lowest", "smallest", "worst")


@dataclass(frozen=True)
class VerdictAsk:
    """Each judgement the question asks for; None where it asks for none."""

    change: str | None = None  # "up": "Has X's debt increased?"; "down": "... declined?"
    steady: bool | None = None  # True: "Are margins consistent?"; False: "... fluctuating?"
    tolerance: float | None = None  # the move a steadiness question allows ("more than 2%")
    extreme: str | None = None  # "highest" or "lowest": "Which ... was largest / least?"
    sign: str | None = None  # "positive" or "negative": "Does X have positive working capital?"
    benchmark: str | None = None  # "high" or "low": "Is its quick ratio healthy?" ("weak?")


def read_verdict(question: str) -> VerdictAsk:
    """The judgements `question` (a yes/no or "which" question) asks for."""
    question = question.strip()
    steadiness = STEADINESS.match(question)
    stated = TOLERANCE_ASKED.search(question) if steadiness else None
    return VerdictAsk(
        change=_change(question),
        steady=not steadiness.group(1).lower().startswith(UNSTEADY) if steadiness else None,
        tolerance=float(stated.group(1)) if stated else None,
        extreme=_extreme(question),
        sign=sign.group(1).lower() if (sign := SIGN_ASKED.match(question)) else None,
        benchmark=_benchmark(question),
    )


def _benchmark(question: str) -> str | None:
    """ "high" or "low": which side of a ratio's benchmark a yes/no question asks after."""
    judged = JUDGED.match(question)
    if not judged:
        return None
    return "low" if judged.group(1).lower() in BELOW_WORDS else "high"


def _change(question: str) -> str | None:
    """ "up" or "down": the direction a yes/no question about a change asks after."""
    asked = YES_NO_CHANGE.match(question)
    if not asked:
        return None
    return "down" if re.search(DOWN_WORDS, asked.group(0), re.IGNORECASE) else "up"


def _extreme(question: str) -> str | None:
    """ "highest" or "lowest": what a "which ... most/least" question asks for."""
    # a capitalised word inside the sentence is part of a name ("Best Buy"), not a superlative
    superlative = next(
        (m for m in SUPERLATIVE.finditer(question) if m.start() == 0 or m.group(1).islower()),
        None,
    )
    if not WHICH.search(question) or not superlative:
        return None
    return "lowest" if superlative.group(1).lower() in LOW_WORDS else "highest"
