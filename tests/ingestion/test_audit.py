"""Who may read the audit trail: the admin view is an admin's, refused (and the refusal kept)
for an analyst whatever the page shows; an analyst reads only their own events."""

import pytest

from core.errors import Forbidden
from core.identity import User
from ingestion.audit import AuditLog

ROOT, ALICE = User("root", "admin"), User("alice")


@pytest.fixture
def log(tmp_path):
    log = AuditLog.open(tmp_path)
    log.record("alice", "ask", question="What is <b>Apple</b>'s revenue?")
    log.record("bob", "upload", name="memo.pdf", status="indexed")
    return log


def test_the_admin_view_shows_everyone_filtered_by_user_and_date(log):
    assert [e.user for e in log.admin_view(ROOT)] == ["alice", "bob"]
    assert [e.action for e in log.admin_view(ROOT, "bob")] == ["upload"]
    assert log.admin_view(ROOT, since="2999-01-01") == []
    assert log.users() == ["alice", "bob"]


def test_an_analyst_is_refused_the_admin_view_and_the_refusal_is_audited(log):
    with pytest.raises(Forbidden, match="admin action; alice is an analyst"):
        log.admin_view(ALICE)
    with pytest.raises(Forbidden, match="for admins"):
        log.readable_by(ALICE, "bob")
    refused = [e.detail["action"] for e in log.events("alice") if e.action == "refused"]
    assert refused == ["audit trail view", "audit trail"]
    assert {e.user for e in log.readable_by(ALICE)} == {"alice"}
