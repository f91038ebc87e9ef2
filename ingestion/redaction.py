"""What deleting an upload takes out of the workspace besides the index: the document's text in
its owner's stored chats (quoted snippets, the sentences citing it, its figures) and its figure
values in the audit trail. The one call both delete paths make (the workspace's and
`finassist delete`)."""

from pathlib import Path

from ingestion.audit import AuditLog
from ingestion.chats import ChatStore


def redact_deleted(home: Path, owner: str, document_id: str) -> dict[str, int]:
    """Redact `document_id` (just deleted, `owner`'s) from the chats and the audit trail;
    returns how many answers and audit events changed."""
    answers = ChatStore.open(home, owner).redact_document(document_id)
    events = AuditLog.open(home).redact_document(document_id, owner)
    return {"answers": answers, "audit_events": events}
