"""The admin's audit view: the audit trail filtered by user and since-date, in a dialog opened
from the sidebar. Only an admin gets the button, and the events come from
`AuditLog.admin_view`, which refuses (and audits) anyone else. Every event is shown as literal
text (a code block), never as Markdown or HTML: questions and file names are users' text."""

import json
from datetime import date, timedelta

import streamlit as st

from ingestion.audit import AuditEvent, AuditLog
from ui.page import Page

EVERYONE = "Everyone"
SHOWN = 500  # the newest events shown; the JSON download has every one


def audit_section(page: Page) -> None:
    """The sidebar's button to the audit view, for an admin only."""
    if page.user.is_admin and st.button(
        "Audit trail", icon=":material/policy:", width="stretch", key="audit-open"
    ):
        audit_dialog(page)


@st.dialog("Audit trail", width="large")
def audit_dialog(page: Page) -> None:
    log = AuditLog.open(page.settings.home)
    left, right = st.columns(2)
    who = left.selectbox("User", [EVERYONE, *log.users()], key="audit-user")
    since = right.date_input(
        "Since", value=date.today() - timedelta(days=30), key="audit-since", format="YYYY-MM-DD"
    )
    events = log.admin_view(
        page.user, None if who == EVERYONE else who, since.isoformat() if since else None
    )
    st.caption(
        f"{len(events)} events" + (f"; the newest {SHOWN} shown" if len(events) > SHOWN else "")
    )
    if events:
        lines = "\n".join(event_line(e) for e in reversed(events[-SHOWN:]))
        st.code(lines, language=None, wrap_lines=True)
        st.download_button(
            "Download as JSON",
            json.dumps({"events": [e.to_dict() for e in events]}, indent=2),
            file_name="finassist-audit.json",
            mime="application/json",
            key="audit-download",
        )


def event_line(event: AuditEvent) -> str:
    """One event on one line: time (UTC, to the second), user, action, detail as JSON."""
    detail = json.dumps(event.detail)  # non-ASCII and control characters as \u escapes
    return f"{event.time[:19].replace('T', ' ')}  {event.user}  {event.action}  {detail}"
