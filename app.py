"""FinAssist in the browser: the analyst workspace. Chat with streamed, cited answers, figures and
price charts; chat history; watchlist, search filters, freshness and refresh; uploads.

A composition root like cli.py: `streamlit run app.py` executes `main()`, which lays out the page
from `ui/` (the sidebar sets the scope the conversation asks in; running jobs are watched last).
"""

import streamlit as st

from ui.conversation import conversation
from ui.jobs import watch
from ui.page import Page, run_page
from ui.sidebar import sidebar


def main() -> None:
    """One run of the page: the sidebar, the conversation, then the running jobs watched."""

    def body(page: Page) -> None:
        with st.sidebar:
            scope = sidebar(page)
        conversation(page, scope)
        watch(page.watch)

    run_page(body)


# Streamlit runs this file as __main__. Multiprocessing's forkserver (the sandbox that parses
# uploads) imports it again as __mp_main__: there it must define things and do nothing else.
if __name__ == "__main__":
    main()
