"""The local evidence store: one DuckDB file with a versioned schema, atomic and idempotent loads."""

from cspkit.store.connection import Store, open_store

__all__ = ["Store", "open_store"]
