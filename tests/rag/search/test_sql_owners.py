"""One owner module per table, and no SQL outside the owners.

Every `.execute`, `.executemany` and `.executescript` call is found by parsing the sources; one
outside an owner module fails if it passes SQL (or a statement built elsewhere). Inside the
owners, every statement may only name the owner's own tables.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = "rag/search/db.py"  # connect(), and the schema of the tables of rag's stores
OWNERS = {
    "rag/search/store.py": {"documents", "chunks", "chunks_fts", "store_generation"},
    "rag/search/structured.py": {
        *("prices", "facts", "visible_facts", "orphan_facts"),
        "facts_before_owners",  # db.py: the facts table while owners are added to its key
    },
    "rag/search/companies.py": {"companies", "company_names"},
    "rag/search/events.py": {"events"},
    "ingestion/runs.py": {"runs", "source_status"},
    "ingestion/watchlist.py": {"watchlist", "workspace_state"},
    "ingestion/audit.py": {"audit"},
    "ingestion/chats.py": {"chats", "messages"},
}
SYSTEM_TABLES = {"sqlite_master"}
EXECUTE = {"execute", "executemany", "executescript"}
SQL = re.compile(
    r"\b(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|VACUUM)\b", re.IGNORECASE
)
TABLE = re.compile(r"\b(?:FROM|INTO|UPDATE|JOIN|(?:TABLE|VIEW)(?: IF NOT EXISTS)?)\s+([a-z_]+)\b")


def sources() -> list[Path]:
    """Every module of the project (tests and virtual environments aside)."""
    skip = {"tests", ".venv", "build", "dist"}
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not skip & set(path.relative_to(ROOT).parts[:-1])
        and not any(part.startswith(".") for part in path.relative_to(ROOT).parts)
    )


def strings(node: ast.AST) -> list[str]:
    """The literal text within an expression (f-strings: their constant parts)."""
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def executes(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in EXECUTE
    ]


def foreign_sql(tree: ast.AST) -> list[int]:
    """Lines of execute calls that pass SQL, or a statement made elsewhere (not a literal)."""
    lines = []
    for call in executes(tree):
        first = call.args[0] if call.args else None
        literal = isinstance(first, ast.Constant | ast.JoinedStr)
        if not literal or any(SQL.search(text) for arg in call.args for text in strings(arg)):
            lines.append(call.lineno)
    return sorted(lines)


def tables_named(tree: ast.AST) -> set[str]:
    """The tables an owner's statements name (any string in the module that reads as SQL)."""
    return {table for text in strings(tree) for table in TABLE.findall(text)}


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_sql_outside_the_owner_modules():
    owners = set(OWNERS) | {SCHEMA}
    found = {
        name(path): lines
        for path in sources()
        if name(path) not in owners and (lines := foreign_sql(ast.parse(path.read_text())))
    }
    assert not found, f"SQL outside its owner (module: lines): {found}"


def test_each_owner_names_only_its_own_tables():
    for module, tables in OWNERS.items():
        named = tables_named(ast.parse((ROOT / module).read_text())) - SYSTEM_TABLES
        assert named, f"{module} names no table: is the scan still finding its SQL?"
        assert named <= tables, f"{module} names tables it does not own: {named - tables}"


def test_every_table_has_one_owner_and_the_schema_module_only_rag_tables():
    owned = [table for tables in OWNERS.values() for table in tables]
    assert len(owned) == len(set(owned))
    schema = tables_named(ast.parse((ROOT / SCHEMA).read_text()))
    rag_tables = (
        OWNERS["rag/search/store.py"]
        | OWNERS["rag/search/structured.py"]
        | OWNERS["rag/search/events.py"]
    )
    assert schema == rag_tables


def test_the_scan_finds_sql_in_execute_calls():
    code = (
        "conn.execute('SELECT 1 FROM documents')\n"
        "store.conn.executemany(f'DELETE FROM facts WHERE {where}', rows)\n"
        "conn.execute(statement)\n"
        "pool.submit(work)\n"
    )
    assert foreign_sql(ast.parse(code)) == [1, 2, 3]
    assert tables_named(ast.parse(code)) == {"documents", "facts"}
