"""Answer text as safe Markdown: lists stay lists, `|` rows become tables, citation numbers link
to their sources, and nothing in the text becomes HTML, a link, an image or math. Rendered with
markdown-it (CommonMark plus tables), as a Markdown renderer would."""

import re

from markdown_it import MarkdownIt

from ui.readable import literal, readable

RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> ![x](http://evil.example/p.png)"


def html(markdown: str) -> str:
    return RENDER.render(markdown)


def test_a_bullet_list_renders_as_a_list_not_one_paragraph():
    text = "Nvidia names these risks [1]:\n- Supply of wafers [1]\n- Export controls [2]\n* Demand"
    out = html(readable(text))
    assert re.findall(r"<li>(.*?)</li>", out) == [
        "Supply of wafers [1]",
        "Export controls [2]",
        "Demand",
    ]
    assert "<p>Nvidia names these risks [1]:</p>" in out


def test_numbered_items_keep_their_numbers_and_a_year_is_no_list():
    out = html(readable("1. Revenue\n2. Margin\n\n2024. A year that started well."))
    assert "<ol>" in out and out.count("<li>") == 2
    assert "<p>2024. A year that started well.</p>" in out


def test_table_rows_from_a_filing_render_as_a_table_with_escaped_cells():
    excerpt = (
        "Net sales by category:\n| Category | 2024 | 2023 |\n|---|---|---|\n"
        "| iPhone | $ 201,183 | $ 200,583 |\n| Services <b>x</b> | 96,169 | 85,200 |"
    )
    out = html(readable(excerpt))
    assert "<table>" in out and "<th>Category</th>" in out
    assert "<td>$ 201,183</td>" in out and "<td>Services &lt;b&gt;x&lt;/b&gt;</td>" in out
    # rows without a delimiter row still make a table; one row alone is a sentence
    assert "<table>" in html(readable("| Year | Revenue |\n| 2024 | 391,035 |"))
    assert "<table>" not in html(readable("a | b | c"))


def test_citation_numbers_link_only_to_the_sources_given():
    links = {1: "#source-7-1", 2: "#source-7-2"}.get
    out = html(readable("Sales rose [1][2]; see also [9].", links))
    assert re.findall(r'<a href="([^"]+)">\[(\d)\]</a>', out) == [
        ("#source-7-1", "1"),
        ("#source-7-2", "2"),
    ]
    assert "[9]" in out and out.count("<a ") == 2


def test_html_links_images_autolinks_and_math_in_the_text_stay_text():
    text = f"{HOSTILE} [1](javascript:alert(1)) [x]: http://e.x www.evil.com a@b.co $5 and $6 &lt;"
    for markdown in (readable(text), readable(text, {1: "#source-1-1"}.get), literal(text)):
        out = html(markdown)
        assert "<script" not in out and "<img" not in out and 'href="javascript' not in out
        assert "http://evil.example" not in re.findall(r'(?:href|src)="([^"]*)"', out)
        assert "&amp;lt;" in out  # "&lt;" is shown as written, not as "<"
        assert "://" not in markdown.replace("\\://", "")  # no bare URL to autolink
        assert "www." not in markdown and "a@b" not in markdown
        assert "\\$5 and \\$6" in markdown  # a pair of dollars is no math


def test_readable_text_carries_no_needless_escapes():
    text = "Apple's revenue was $391,035 million (up 2.0%), per the 10-K [1]."
    assert readable(text) == text
