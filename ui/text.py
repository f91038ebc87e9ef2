"""What the page says: untrusted text made literal, and errors as sentences.

Model, document and user text is always shown escaped, never as HTML, so no markup, link or image
in it can render.
"""

from core.errors import ConfigError, FinAssistError, InputError, ModelBusy, WriterBusy
from core.markdown import escape_markdown

UNEXPECTED = "Something went wrong on our side. The details are in the FinAssist server log."


def esc(text: object) -> str:
    """Untrusted text, made literal for Streamlit's Markdown."""
    return escape_markdown(str(text))


def friendly(exc: FinAssistError) -> str:
    """What went wrong, said to a person (no traceback, no class names)."""
    if isinstance(exc, WriterBusy):
        return (
            f"The index is being updated by another FinAssist job ({exc.owner}). "
            "Try again when it has finished."
        )
    if isinstance(exc, ModelBusy):
        return f"{str(exc)[:1].upper()}{str(exc)[1:]}."
    if isinstance(exc, ConfigError):
        return f"FinAssist is not configured correctly: {exc}"
    if isinstance(exc, InputError):
        return f"That cannot be used: {exc}."
    return f"Sorry, that did not work: {exc}"
