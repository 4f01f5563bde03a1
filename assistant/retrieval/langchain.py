"""Our retriever behind LangChain's BaseRetriever, for pipelines built on LangChain (and the path to a
distributed vector store when the corpus outgrows one machine: swap the store, keep the interface)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever

from assistant.retrieval.retriever import Retriever


class EldercareRetriever(BaseRetriever):
    """`EldercareRetriever(retriever=Retriever.load(path), k=5).invoke("question")` -> LangChain Documents."""

    retriever: Any
    k: int = 5
    mode: str = "hybrid"

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        engine: Retriever = self.retriever
        return [
            LCDocument(
                page_content=hit.chunk.text,
                metadata={
                    "doc_id": hit.document.doc_id,
                    "chunk_id": hit.chunk.chunk_id,
                    "title": hit.document.title,
                    "published": hit.document.published,
                    "source": hit.document.source,
                    "language": hit.document.language,
                    "score": hit.score,
                },
            )
            for hit in engine.search(query, k=self.k, mode=self.mode)
        ]
