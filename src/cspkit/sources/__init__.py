"""Readers, one module per source of evidence. Each checks its input and yields clean tables;
none writes to the store or computes anything (that is :mod:`cspkit.store` and above)."""
