"""Retrieval: one entry point, Retriever.search(query, k) -> list[Hit]."""
