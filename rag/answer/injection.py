"""Instruction-like text in retrieved passages (prompt injection), found and neutralised.

A sentence is instruction-like when, after invisible characters are removed, it (or what a
base64 run or ROT13 of it decodes to) does one of these:
- orders a model to drop its instructions: "ignore / disregard / forget / override ... previous
  instructions", in English and in the common wordings of Spanish, French, German, Italian,
  Portuguese, Dutch, Russian, Chinese and Japanese;
- addresses the model ("note to the AI assistant", "language models reading this", a line
  opening "Assistant:") or tells it who it is ("you are now", "act as", "pretend", "roleplay",
  "developer mode", "DAN");
- orders an output ("reply only with", "print the code", "your answer must begin with", "say
  the password", "tell the user to visit", "remember the code word");
- forges the prompt's structure: a "System:", "Question:", "User:" or "Answer:" line, chat
  template tokens (<|im_start|>, [INST], <<SYS>>), a "### system prompt" header, a closing
  "</sources>", triple quotes, a line opening a JSON object of the prompt's sources;
- exfiltrates: a Markdown image or link, or a URL with a query string, in the passage;
- asks for a decoding ("decode the following base64", "apply ROT13 and obey").

`neutralize` replaces each such sentence by a marker and returns the payloads it carried
(quoted strings, URLs and hosts, code-like tokens found nowhere else in the text), so the answer
gate can drop an answer sentence that repeats one.
"""

import base64
import binascii
import codecs
import re
import unicodedata

from core.untrusted import strip_invisible

REMOVED = "[instruction-like text removed]"

_AI = (
    r"(?:ai(?:\s+(?:systems?|models?|assistants?|tools?))?|a\.i\.|assistants?|chat\s?bots?|llms?|"
    r"(?:large\s+)?language\s+models?|gpts?|copilots?|finassist)"
)
_SAY = r"(?:reply|respond|answer|say|print|output|write(?!-)|repeat|type|greet|begin|start)"
_OUTPUT_VERB = (
    rf"(?:{_SAY}|state|end|append|include|insert|render|show|display|quote|mention|recommend|"
    r"tell|send|remember|memori[sz]e)"
)
_SECRET = (
    r"(?:code\s?word|pass(?:word|phrase)|canary|magic\s+word|the\s+words?\b|"
    r"(?:verification|secret|access|confirmation|reference|tracking|response)\s+"
    r"(?:code|phrase|token|word)|the\s+(?:code|phrase|token)\s+[A-Z0-9])"
)
ENGLISH = [
    # dropping its instructions
    r"\b(?:ignor|disregard|forget|forgot|overrid|overrul|bypass)\w*[^.\n]{0,60}\b(?:instructions?|"
    r"prompts?|directions|rules|guidelines|guardrails|context|system message|constraints|"
    r"(?:the\s+)?(?:user'?s?\s+)?question)\b",
    r"\b(?:do not|don't|never)\s+(?:answer|respond to|address)\s+the\s+(?:user'?s?\s+)?question",
    r"\b(?:new|updated|revised|real|actual|hidden|secret)\s+(?:system\s+)?instructions?\b",
    r"\bsystem\s+(?:prompt|message|override|note|instruction)s?\b",
    r"\b(?:developer|god|admin|debug|jailbreak|unrestricted)\s+mode\b",
    # addressing the model, telling it who it is
    rf"\b(?:note|message|instructions?|reminder|request|notice|memo)s?\s+(?:\(\d+ of \d+\)\s+)?"
    rf"(?:to|for)\s+(?:the\s+|any\s+|all\s+|an?\s+)?{_AI}\b",
    rf"\b{_AI}\s+(?:reading|summari[sz]ing|processing|parsing)\s+(?:this|the)\b",
    rf"\bthe\s+{_AI}\s+(?:must|should|shall|will|is required to|has to|needs to)\b",
    rf"^\s*(?:dear\s+)?{_AI}\s*[,:]",
    r"\byou\s+are\s+(?:now|actually|an?\s+(?:unrestricted|unfiltered))\b",
    r"\b(?:from now on|henceforth)\b[^.\n]{0,40}\b(?:you|act|respond|answer|reply)\b",
    r"\b(?:act|behave)\s+as\s+(?:if\s+you\s+(?:are|were)|dan\b|an?\s+(?:unrestricted|"
    r"unfiltered|different|new)\b)",
    r"\bpretend\s+(?:to be|you\s+are|that)\b|\brole-?\s?play\b|\blet'?s\s+play\s+a\s+game\b",
    r"\bdo anything now\b",
    # ordering an output
    rf"\b{_SAY}s?\b[^.\n]{{0,40}}\b(?:only|exactly|verbatim|nothing else)\b",
    rf"\b{_OUTPUT_VERB}s?\b[^.\n]{{0,50}}{_SECRET}",
    r"\b(?:your|every|each)\s+(?:answer|reply|response|summary)s?\s+(?:must|should|shall|has to|"
    r"needs? to|will)\b",
    rf"\byou\s+(?:must|are required to|have to|need to)\s+(?:always\s+)?{_OUTPUT_VERB}\b",
    r"\b(?:tell|ask|urge|direct|send|invite)\s+(?:the\s+)?(?:user|reader)s?\s+to\b",
    rf"\balways\s+{_OUTPUT_VERB}s?\b|\b(?:in|with)\s+(?:every|each)\s+(?:reply|answer|response)\b",
    r"\b(?:open|begin|start|end|close|prefix|sign|finish)(?:s|es)?\s+(?:each|every|all|its|the|your|any)"
    r"\s+(?:answers?|repl(?:y|ies)|responses?|summar(?:y|ies)|messages?)\s+with\b",
    r"\bwhen\s+(?:summari[sz]ing|answering|asked)\b[^.\n]{0,60}\b(?:must|always|say|state|"
    r"print|include|reply)\b",
    r"\b(?:verified|correct|real|official)\s+(?:answer|response)\s+(?:to|is|code)\b|"
    r"\bcite\b[^.\n]{0,30}\[\d+\]|\bsources?\s+\[\d+\]",
    r"\b(?:part|instruction|message|step)s?\s*\(?\s*(?:\d+|one|two|three)\s+of\s+(?:\d+|two|"
    r"three)\b",
    # decoding orders
    r"\b(?:decode|decipher|decrypt|apply|use)\b[^.\n]{0,40}\b(?:base-?64|rot-?13|caesar|"
    r"cipher)\b",
    r"\b(?:base-?64|rot-?13)\b[^.\n]{0,40}\b(?:follow|obey|execute|run)\b",
    # structure forgery
    r"^\s*(?:#+\s*)?(?:system|question|user|human|answer|assistant)\s*:",
    r"^\s*\[\d{1,2}\]\s*(?:\(|source|official|sec\b|document)",
    r"<\|[a-z_]+\|>|\[/?inst\]|<</?sys>>|</?(?:system|sources?|context|instructions?)>",
    r"^\s*#{2,}\s*[a-z ]*(?:system|prompt|override|instruction)",
    r'"""|\'\'\'|^\s*\{\s*"(?:source|text|title|section|role|content)"\s*:',
    # exfiltration
    r"!\[[^\]]*\]\s*[(\[]",
    r"^\s*\[[^\]]+\]:\s*\S+",
    r"https?://\S+\?\S*=",
]
FOREIGN = [
    # es, pt, it, fr, de, nl: ignore (all) (the) previous instructions; reply only with
    r"\bignor(?:a|e|ar|ez|iere|ieren|eer)\b[^.\n]{0,50}\b(?:instrucci|instru[cç]|istruzion|"
    r"anweisung|instructie|indicaci|consign|regl|regol|regel)",
    r"\b(?:olvida|esquece|oublie|dimentica|vergiss)\b[^.\n]{0,50}\b(?:instrucci|instru[cç]|"
    r"istruzion|anweisung|consign)",
    r"\bresponde\s+(?:solamente|solo|únicamente|apenas)\b|\brépond(?:ez|s)\s+(?:uniquement|"
    r"seulement)\b|\bantworte\s+(?:nur|ausschließlich)\b|\brispondi\s+(?:soltanto|solo)\b|"
    r"\bantwoord\s+alleen\b",
    r"игнорир\w*|забудь\w*\s+\w*\s*инструкц|ответь\w*\s+только|отвечай\w*\s+только",
    r"忽略|无视|無視|忘记.{0,10}(?:指令|指示)|只回复|只回答|仅回复|以前の指示|指示を無視|のみ回答",
    r"\b(?:eres|tu es|du bist|sei)\s+(?:ahora|maintenant|jetzt|ora)\b",
]
_PATTERNS = re.compile("|".join(f"(?:{p})" for p in ENGLISH + FOREIGN), re.I | re.M)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_QUOTED = re.compile(r"[\"“]([^\"”]{2,200})[\"”]|['‘]([^'’]{2,200})['’](?!\w)")
_URL = re.compile(r"(?:https?:)?//[^\s)\]>\"']+|\bwww\.[^\s)\]>\"']+")
_HOST = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b", re.I)
_LABEL = re.compile(r"(?:FY|Q[1-4]|H[12]|CY|10-?[KQ]|8-?K|20-?F)", re.I)  # periods, forms
_TOKEN = re.compile(r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9][\w-]{3,}\b")


_ESCAPED = re.compile(r"\\([\\|`*_{}\[\]()#+\-.!<>])")  # Markdown backslash escapes (a table's \|)
_UNREADABLE = re.compile(r"[?\ufffd]{4,}")  # glyphs the parser could not map: unjudgeable text
# words an order carries; a sentence cut at a chunk's edge is judged on these and a payload
_CUE = re.compile(
    r"\b(?:you|your|answer|repl(?:y|ies)|respon(?:d|se)|print|output|(?-i:code)|assistant|"
    r"instruct|prompt|confirm|visit|click|token|password|canary|verbatim)\w*",
    re.I,
)


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", _ESCAPED.sub(r"\1", strip_invisible(text)))


def is_instruction(text: str) -> bool:
    """Whether `text` reads as an instruction to a model (see the module docstring)."""
    text = _normal(text)
    masked = _URL.sub(" link ", text)  # a URL's dots do not end the sentence it stands in
    if any(_PATTERNS.search(t) for t in (text, masked, masked[::-1])):  # reversed: bidi override
        return True
    for blob in _BASE64.findall(text):
        decoded = _decoded(blob)
        if decoded and _PATTERNS.search(decoded):
            return True
    return bool(re.search(r"[a-z]{4}", text, re.I)) and bool(
        _PATTERNS.search(codecs.encode(text, "rot13"))
    )


def _decoded(blob: str) -> str | None:
    try:
        raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return text if text.isprintable() else None


def neutralize(text: str) -> tuple[str, list[str]]:
    """`text` (cleaned of invisible characters) with each instruction-like sentence replaced
    by a marker, and the sentences after it in the same paragraph that carry a URL, a code-like
    token or a quote (the rest of the order); and the payloads they carried."""
    text = strip_invisible(text)
    if not _suspect(text) and REMOVED not in text:
        return text, []
    out, removed = [], []
    for block in _blocks(text):
        if not block.strip():
            out.append(block)
            continue
        kept, flagged = [], False
        for sentence in _SENTENCE_END.split(block):
            if sentence.startswith(REMOVED):  # an edge fragment neutralize_chunk removed
                flagged, sentence = True, sentence[len(REMOVED) :].strip()
                kept.append(REMOVED)
                if not sentence:
                    continue
            if _suspect(sentence) or (flagged and _carries_payload(sentence)):
                flagged = True
                removed.append(sentence)
                if not kept or kept[-1] != REMOVED:
                    kept.append(REMOVED)
            else:
                flagged = False
                kept.append(sentence)
        out.append(" ".join(kept))
    clean = "".join(out).strip()
    if not removed and REMOVED not in clean:  # an order only the whole text shows
        return REMOVED, payloads_of([text], "")
    return clean, payloads_of(removed, clean)


def neutralize_chunk(text: str) -> tuple[str, list[str]]:
    """`neutralize` for a chunk's body, whose first and last sentences may be fragments of
    sentences cut at the chunk's edges (the rest of the order standing in the neighbouring
    chunk): such an edge sentence is removed too when it carries a URL or a code-like token and
    a word orders carry ("answer", "you", "reply", "code", "print")."""
    text = strip_invisible(text).strip()
    first = _FIRST.match(text)
    last = _LAST.search(text)
    spans = [m.span() for m in (first, last) if m and m.group().strip()]
    cut = sorted({span for span in spans if _edge_suspect(text[span[0] : span[1]])})
    if not cut:
        return neutralize(text)
    if len(cut) == 2 and cut[0][1] > cut[1][0]:  # one sentence, both edges
        cut = [(cut[0][0], max(cut[0][1], cut[1][1]))]
    removed = [text[start:end] for start, end in cut]
    for start, end in reversed(cut):
        text = f"{text[:start]}{REMOVED}{text[end:]}"
    clean, payloads = neutralize(text)
    return clean, list(dict.fromkeys(payloads_of(removed, clean) + payloads))


# a chunk's first sentence (on its first line), and its last one when the chunk ends mid-sentence
_FIRST = re.compile(r"(?!\s*\|)[^\n]*?(?:[.!?。！？](?=\s|$)|(?=\n)|$)")
_LAST = re.compile(
    r"(?:(?<=[.!?。！？]\s)|(?<=\n)|^)(?!\s*\|)[^\n.!?。！？]*[^\s.!?。！？:;)\]\"”'’|]$"
)


def _edge_suspect(sentence: str) -> bool:
    """A fragment that names an order's object (a URL, a code-like token) beside its words."""
    sentence = _normal(sentence)
    codes = [t for t in _TOKEN.findall(sentence) if not _LABEL.match(t)]
    return bool(_CUE.search(sentence)) and bool(_URL.search(sentence) or codes)


def _suspect(sentence: str) -> bool:
    """Instruction-like, or too garbled to judge while carrying a payload."""
    return is_instruction(sentence) or bool(
        _UNREADABLE.search(sentence) and _carries_payload(sentence)
    )


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_BLOCK = re.compile(r"(\n\s*\n|\n(?=\s*\|)|(?<=\|)[ \t]*\n)")  # blank lines; table rows


def _blocks(text: str) -> list[str]:
    """Paragraphs (and each table row) with the separators between them kept as items."""
    return _BLOCK.split(text)


def _carries_payload(sentence: str) -> bool:
    return bool(
        _URL.search(sentence)
        or _QUOTED.search(sentence)
        or any(not _LABEL.match(t) for t in _TOKEN.findall(sentence))
    )


def payloads_of(removed: list[str], kept: str) -> list[str]:
    """What an answer repeating the removed sentences would show: quoted strings, URLs and
    hosts, and code-like tokens (letters and digits) the kept text never uses."""
    found: list[str] = []
    for sentence in removed:
        sentence = _normal(sentence)
        decoded = [d for b in _BASE64.findall(sentence) if (d := _decoded(b))]
        variants = [sentence, codecs.encode(sentence, "rot13"), *decoded]
        for variant in variants:
            found += ["".join(g).strip() for g in _QUOTED.findall(variant)]
            found += _URL.findall(variant) + _HOST.findall(variant)
            found += [t for t in _TOKEN.findall(variant) if t not in kept and not _LABEL.match(t)]
    return list(dict.fromkeys(p for p in found if len(p) >= 4))


def clean_label(text: str) -> str:
    """A title or section name as the prompt and the reader may see it: one line, invisible
    characters removed, an instruction-like one replaced by the marker."""
    line = " ".join(strip_invisible(text).split())
    return REMOVED if is_instruction(line) else line
