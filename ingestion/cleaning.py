"""The one cleaning every indexed document goes through (uploads, SEC filings, news), applied by
`Run.documents`: HTML comments and invisible characters (zero-width, bidi, Unicode tags, control
characters) are removed from the title, the section titles, the headings and the text, so
nothing a reader cannot see reaches the index, the prompt or an answer."""

from core.types import Document, Section
from core.untrusted import clean_untrusted


def clean_document(document: Document) -> Document:
    """The document with every text field cleaned (`core.untrusted.clean_untrusted`)."""
    sections = [clean_section(section) for section in document.sections]
    title = _line(document.title) or document.id
    if title == document.title and sections == document.sections:
        return document
    return document.model_copy(update={"title": title, "sections": sections})


def clean_section(section: Section) -> Section:
    text = clean_untrusted(section.text)
    title = _line(section.title)
    headings = [h for h in (_line(h) for h in section.headings) if h]
    if (text, title, headings) == (section.text, section.title, section.headings):
        return section
    return section.model_copy(update={"text": text, "title": title, "headings": headings})


def _line(text: str) -> str:
    """A title or heading: cleaned, on one line."""
    return " ".join(clean_untrusted(text).split())
