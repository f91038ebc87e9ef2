"""Finding evidence: chunk store (Chroma + SQLite FTS5), structured tables, hybrid retrieval."""
