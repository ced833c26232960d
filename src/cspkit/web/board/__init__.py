"""Quarterly board reports: highlights, exceptions, action-plan update and the RAG performance table."""
