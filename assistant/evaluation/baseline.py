"""The naive baseline a user would write first: LangChain FAISS vector store + rank_bm25, ensembled.

Same chunks and the same embedding model as ours (e5-small), LangChain's defaults everywhere else:
BM25Retriever's whitespace tokenizer, EnsembleRetriever's 0.5 / 0.5 weighted reciprocal-rank fusion.
Needs the `baseline` extra (langchain-community, langchain-classic, rank-bm25).
"""

from __future__ import annotations

import warnings

import numpy as np

from assistant.index.embed import Embedder
from assistant.types import Chunk


class _LangChainEmbeddings:
    """Our embedder behind LangChain's Embeddings interface."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed(texts, kind="passage").tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._embedder.embed([text], kind="query")[0].tolist()


class LangChainBaseline:
    def __init__(self, chunks: list[Chunk], vectors: np.ndarray, embedder: Embedder, k: int = 10) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            from langchain_classic.retrievers import EnsembleRetriever
            from langchain_community.retrievers import BM25Retriever
            from langchain_community.vectorstores import FAISS
            from langchain_core.embeddings import Embeddings

        class Wrapped(_LangChainEmbeddings, Embeddings):
            pass

        texts = [c.text for c in chunks]
        metadatas = [{"doc_id": c.doc_id, "chunk_id": c.chunk_id} for c in chunks]
        # The vectors are the ones FAISS.from_documents would compute; passing them saves re-embedding.
        store = FAISS.from_embeddings(
            list(zip(texts, vectors.tolist(), strict=True)), Wrapped(embedder), metadatas=metadatas
        )
        bm25 = BM25Retriever.from_texts(texts, metadatas=metadatas)
        bm25.k = k
        self._ensemble = EnsembleRetriever(
            retrievers=[bm25, store.as_retriever(search_kwargs={"k": k})], weights=[0.5, 0.5]
        )

    def search(self, question: str) -> list[tuple[str, str]]:
        """(doc_id, passage) pairs, best first."""
        return [(d.metadata["doc_id"], d.page_content) for d in self._ensemble.invoke(question)]
