"""Indexes on disk: embeddings (FAISS), BM25 (bm25s), and the store that swaps them in atomically."""
