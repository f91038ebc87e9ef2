"""`finassist --user NAME`: private uploads, answers that never cite another user's upload,
admin commands refused for an analyst, and `finassist audit`."""

import json

import pytest
from click.testing import CliRunner

from cli import main
from tests.pdfs import pdf_pages

QUESTION = "What were Best Buy's merchandise inventories in fiscal 2019?"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("cli-users") / "home"


@pytest.fixture
def run(monkeypatch, home):
    monkeypatch.setenv("FINASSIST_HOME", str(home))
    monkeypatch.setenv("FINASSIST_LLM__BACKEND", "scripted")
    monkeypatch.setenv("FINASSIST_AUTH__ADMINS", "root")

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def cited(result) -> set[str]:
    assert result.exit_code == 0, result.output
    return {c["document_id"] or "" for c in json.loads(result.stdout)["citations"]}


def test_an_upload_is_its_users_and_never_cited_for_another(run, home, tmp_path):
    memo = tmp_path / "bestbuy.pdf"
    memo.write_bytes(pdf_pages("BESTBUY_2019_10K", [1, 2, 52, 53, 55]))
    result = run("--user", "alice", "ingest", "file", str(memo), "--json")
    assert result.exit_code == 0, result.output
    alices = cited(run("--user", "alice", "ask", QUESTION, "--json"))
    assert any(i.startswith("upload:") for i in alices)
    bobs = cited(run("--user", "bob", "ask", QUESTION, "--json"))
    assert not any(i.startswith("upload:") for i in bobs)
    local = cited(run("ask", QUESTION, "--json"))  # the local user is another user too
    assert not any(i.startswith("upload:") for i in local)


@pytest.mark.parametrize(
    "command",
    [
        ["refresh"],
        ["refresh", "--json-lines"],
        ["delete", "sec:0000320193-24-000123"],
        ["ingest", "--sample"],
        ["reconcile"],
    ],
)
def test_admin_commands_exit_nonzero_for_an_analyst(run, command):
    result = CliRunner().invoke(main, ["--user", "alice", *command])
    assert result.exit_code == 1
    assert "admin action" in result.stderr + result.output and "alice is an analyst" in (
        result.stderr + result.output
    )


def test_a_bad_user_name_is_refused(run):
    result = CliRunner().invoke(main, ["--user", "a b", "status"])
    assert result.exit_code == 1 and "not a valid user name" in result.stderr


def test_the_audit_trail_by_user_and_date(run, monkeypatch):
    run("--user", "carol", "ask", "What is a 10-Q filing?", "--json")
    CliRunner().invoke(main, ["--user", "carol", "refresh"])
    result = run("--user", "root", "audit", "--user", "carol", "--since", "2020-01-01", "--json")
    events = json.loads(result.stdout)["events"]
    assert [e["action"] for e in events] == ["ask", "refused"]
    assert set(events[0]) == {"time", "user", "action", "detail"}
    assert events[0]["detail"]["question"] == "What is a 10-Q filing?"
    assert events[1]["detail"]["action"] == "refresh"
    assert json.loads(run("--user", "root", "audit", "--since", "2999-01-01", "--json").stdout) == {
        "events": []
    }
    mine = json.loads(run("--user", "carol", "audit", "--json").stdout)["events"]
    assert {e["user"] for e in mine} == {"carol"}
    other = CliRunner().invoke(main, ["--user", "carol", "audit", "--user", "root"])
    assert other.exit_code == 1 and "for admins" in other.stderr
    monkeypatch.setenv("FINASSIST_USER", "carol")  # the environment names the user too
    *before, refused = json.loads(run("audit", "--json").stdout)["events"]
    assert before == mine and refused["detail"]["action"] == "audit trail"  # kept on record


def test_the_status_store_check_counts_the_viewers_documents_an_admin_all(run, tmp_path):
    for user, pages in (("dave", [1, 2, 52]), ("eve", [53, 55])):
        memo = tmp_path / f"{user}.pdf"
        memo.write_bytes(pdf_pages("BESTBUY_2019_10K", pages))
        assert run("--user", user, "ingest", "file", str(memo), "--json").exit_code == 0

    def store(user: str) -> dict:
        result = run("--user", user, "status", "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)["store"]

    shared, daves, eves, roots = store("frank"), store("dave"), store("eve"), store("root")
    assert all(s["healthy"] and s["chunks"] == s["vectors"] for s in (shared, daves, eves, roots))
    assert daves["documents"] == eves["documents"] == shared["documents"] + 1  # one upload each
    assert daves["chunks"] > shared["chunks"] and eves["chunks"] > shared["chunks"]
    own = daves["chunks"] + eves["chunks"] - 2 * shared["chunks"]
    assert roots["documents"] >= shared["documents"] + 2  # an admin counts every user's
    assert roots["chunks"] >= shared["chunks"] + own
