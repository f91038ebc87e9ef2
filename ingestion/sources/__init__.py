"""Sources: each a pure parser (bytes in, records out) plus a thin fetch over `ingestion.http`."""
