"""The Streamlit page, run headless with AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

from core.markdown import escape_markdown

APP = str(__import__("pathlib").Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app(monkeypatch, tmp_path):
    monkeypatch.setenv("FINASSIST_HOME", str(tmp_path / "home"))
    from app import get_assistant  # noqa: F401  (import only to share the cache key module)

    return AppTest.from_file(APP, default_timeout=120)


def test_the_page_answers_through_the_real_model(app):
    app.run()
    assert not app.exception
    app.chat_input[0].set_value("What is a 10-K?").run()
    assert not app.exception
    answer = app.chat_message[1].markdown[0].value
    assert len(answer.strip()) > 3
    assert "not checked against any source" in app.chat_message[1].caption[0].value


def test_html_and_images_in_model_text_are_shown_escaped(app, monkeypatch):
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")
    import streamlit as st

    st.cache_resource.clear()
    app.run()
    hostile = "<script>alert(1)</script> ![x](https://evil.example/p.png)"
    app.chat_input[0].set_value(hostile).run()
    rendered = app.chat_message[1].markdown[0].value
    assert rendered == escape_markdown(f"You asked: {hostile}")
    assert "<script>" not in rendered and "![x]" not in rendered
    st.cache_resource.clear()
