"""What the page says when something goes wrong: one sentence, the owner of the lock named once."""

from core.errors import ConfigError, InputError, ModelBusy, WriterBusy
from ui.text import esc, friendly


def test_a_busy_writer_is_named_once():
    assert friendly(WriterBusy("pid 7 since 2025-01-02 10:00:00")) == (
        "The index is being updated by another FinAssist job (pid 7 since 2025-01-02 10:00:00). "
        "Try again when it has finished."
    )


def test_expected_errors_become_sentences():
    assert friendly(ModelBusy("the model is busy")) == "The model is busy."
    assert friendly(ConfigError("FINASSIST_X: bad")).endswith("FINASSIST_X: bad")
    assert friendly(InputError("empty file")) == "That cannot be used: empty file."


def test_untrusted_text_is_escaped():
    assert "<" not in esc("<b>x</b>").replace("\\<", "")
