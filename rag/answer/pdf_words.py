"""Words a PDF's extracted text breaks or glues (rag.answer.support reads passages mended): a
word cut by a stray space ("decr ease", "capi tal", "p artially") is joined, and two words
glued at a lost space ("andmarketing", "paydividends", "long-termdebt") are parted for the key
terms a statement has. Only a token that is no English word is touched, and only into English
words (rag.query.lexicon), so clean text is left as it is. A word broken at a line's end is
not joined: joining those gave the direction checks statements they misread."""

import re

from rag.query.lexicon import is_word

_TOKEN = re.compile(r"[A-Za-z]+")
_SPACE = re.compile(r"[ \t\xa0]{1,2}")
_SHORT_WORDS = frozenset("by of to in on at an as or is we us be it no so".split())
_ENDINGS = ("s", "es", "ed", "d", "ing")
MIN_GLUED = 6  # a shorter lowercase token is read as it is


def known(word: str) -> bool:
    """An English word, or one with a plural or tense ending ("repurchases")."""
    word = word.lower()
    if is_word(word):
        return True
    return any(
        word.endswith(end) and len(word) - len(end) >= 3 and is_word(word[: -len(end)])
        for end in _ENDINGS
    )


def mend(text: str) -> str:
    """The text with its broken words joined."""
    return _joined(text)


def parted(text: str) -> str:
    """The text with its glued words parted. Only read for its key terms beside the text's own:
    a compound the word list lacks ("touchless", "headcount") is parted too."""
    return _TOKEN.sub(lambda m: _parted(m.group()), text)


def _joined(text: str) -> str:
    """ "decr ease" -> "decrease": two tokens one space apart, not both words, that make one."""
    out, last = [], 0
    tokens = list(_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        a = tokens[i]
        b = tokens[i + 1] if i + 1 < len(tokens) else None
        gap = text[a.end() : b.start()] if b is not None else ""
        if b is not None and _SPACE.fullmatch(gap) and _broken(a.group(), b.group()):
            out.append(text[last : a.end()])
            last = b.start()  # drop the space
            i += 2
            continue
        i += 1
    out.append(text[last:])
    return "".join(out)


def _broken(a: str, b: str) -> bool:
    if not b.islower() or known(a) and known(b):
        return False
    return len(a + b) >= 4 and known(a + b)


def _parted(token: str) -> str:
    """ "andmarketing" -> "and marketing": a lowercase non-word that is two words."""
    if not token.islower() or len(token) < MIN_GLUED or known(token):
        return token
    for i in range(2, len(token) - 2):
        left, right = token[:i], token[i:]
        if _part(left) and _part(right) and known(right):
            return f"{left} {right}"
    return token


def _part(word: str) -> bool:
    return word in _SHORT_WORDS or len(word) >= 3 and known(word)
