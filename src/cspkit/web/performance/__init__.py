"""The quarterly cycle: owners' updates, RAG ratings by a configurable rule, overrides with reasons."""
