"""The retriever: hybrid BM25 + dense search over an index build, with per-language normalisation."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.cards.book import load_cards
from assistant.cards.model import Card
from assistant.errors import BadQuery
from assistant.index import corpus, store
from assistant.index.corpus import Documents, Passages
from assistant.index.dense import HNSW_ABOVE, DenseIndex
from assistant.index.embed import Embedder, make_embedder
from assistant.index.sentences import SentenceVectors
from assistant.index.sparse import SparseIndex
from assistant.query import Query, understand
from assistant.retrieval.hybrid import best_per_document, group_maxima, scale_by_group, weighted_sum
from assistant.text import dictionary
from assistant.text.crosslingual import everyday_siblings, translations
from assistant.text.dictionary import DICTIONARY_FILE
from assistant.text.kinds import mandarin_words
from assistant.text.places import PLACES_FILE, document_places, find_places, lineage, load_places
from assistant.text.script import detect_script, to_simplified
from assistant.text.segment import shared_segmenter
from assistant.types import SCRIPTS, Chunk, Document, Hit

MODES = ("hybrid", "bm25", "dense")
# Candidates each signal brings from each language pool before fusion.
POOL = 100
COSINE = ":cosine"  # a signal name suffix: an embedder's raw cosine, reported, never fused
# A language's best BM25 match counts as a full match only when it reaches half the best match in any
# language (measured on the eval set: recall@5 0.989 -> 0.994, MRR@10 0.874 -> 0.906).
BM25_FLOOR_SHARE = 0.5
# Passages of the documents covering a place asked about that join the candidates: all of them up to this
# many, else this many best by BM25 (the bundled corpus stays under it).
PLACE_POOL = 500
PLACE_SETS_KEPT = 256  # place sets whose documents' fit is kept (Retriever.place_fits)
QUERY_VECTORS_KEPT = 64  # question vectors kept, so the answer stage reuses the search's (query_vector)
# A language pool larger than HNSW_ABOVE (assistant/index/dense.py) is searched with HNSW; its graph is
# saved with the build at ingestion and read back at load instead of being rebuilt.


@dataclass(frozen=True)
class FusionWeights:
    """Weights of the normalised signals. Chosen on the bundled eval set (README, 'Retrieval')."""

    bm25: float = 1.0
    dense: dict[str, float] = field(default_factory=lambda: {"use-m3": 0.8, "e5-small": 1.0})
    # When a question names a place: added to the passages of documents that cover it (the place, or
    # one containing it), taken from those of documents about other places. Measured in the README.
    place_bonus: float = 0.5
    place_penalty: float = 0.5


# A glossary sibling searched for a question word no passage uses is a rare word of the index: held by
# at most about one passage in fifty (README, issue 18, sixteenth session).
RARE_SIBLING_IDF = 4.0


class Retriever:
    """Serves one index build: its arrays in memory, its texts, vectors, BM25 and graphs read from the
    build's files as searches need them (mapped or `pread`, served by the page cache). `search` is
    thread-safe."""

    def __init__(
        self,
        documents: list[Document],
        chunks: list[Chunk],
        sparse: SparseIndex,
        dense: dict[str, DenseIndex],
        embedders: dict[str, Embedder],
        manifest: dict[str, object] | None = None,
        weights: FusionWeights | None = None,
    ) -> None:
        self.documents = documents if isinstance(documents, Documents) else Documents.of(documents)
        headers = self.documents.headers
        self.chunks = chunks if isinstance(chunks, Passages) else Passages.of(list(chunks), self.documents)
        self.sparse = sparse
        self.dense = dense
        self.embedders = embedders
        self.manifest = manifest or {}
        self.weights = weights or FusionWeights()
        self.build: str | None = None  # the build folder's name, when loaded from an index
        self._doc_ids = [d.doc_id for d in headers]  # by document number
        self._place_fits: dict[tuple[str, ...], np.ndarray] = {}
        self._places_by_key: tuple[dict[str, list[int]], dict[str, list[int]], np.ndarray] | None = None
        self._query_vectors: dict[tuple[str, str], np.ndarray] = {}
        self._doc_of_chunk = self.chunks.documents
        self._lang_of_chunk = self.chunks.scripts
        self._lang_members = {
            int(n): np.flatnonzero(self._lang_of_chunk == n) for n in np.unique(self._lang_of_chunk)
        }
        self._doc_places = {d.doc_id: tuple(d.places) or document_places(d.region, d.title) for d in headers}
        self._segmenter = shared_segmenter().warm_up()
        self.use_dictionary = True
        self.token_df: tuple[int, dict[str, int]] = (0, {})
        self.sentences: SentenceVectors | None = None  # made at ingestion, for answers
        self.cards: list[Card] = []  # the policy cards ingestion read (staff corrections apart)
        dictionary.warm_up()
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        index_dir: Path,
        threads: int = 2,
        weights: FusionWeights | None = None,
        hnsw_above: int | None = HNSW_ABOVE,
    ) -> Retriever:
        build = store.current_build(index_dir)
        manifest = store.read_manifest(build)
        dictionary.load_tables(build / DICTIONARY_FILE)  # else parsed at warm-up, as before
        load_places(build / PLACES_FILE)  # else built from the packages' data when first used
        names = [str(name) for name in manifest.get("embedders", [])]  # type: ignore[union-attr]
        # The saved HNSW graphs are read in a thread while this one parses the corpus: FAISS reads
        # without the GIL, so at 100k passages their 0.6 s hides behind the parsing.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="load-graphs") as pool:
            every_pool = range(len(SCRIPTS)) if hnsw_above is not None else ()
            saved = {
                name: pool.submit(
                    DenseIndex.read_graphs, lambda g, n=name: store.graph_path(build, n, g), every_pool
                )
                for name in names
            }
            documents, chunks = corpus.load(build)
            sparse = SparseIndex.load(build / "bm25", len(chunks))
            groups = chunks.scripts
            dense: dict[str, DenseIndex] = {}
            embedders: dict[str, Embedder] = {}
            for name in names:
                # Mapped: the HNSW pools come from their saved graphs, and only the exact pools' rows
                # and the statistics samples are read (a build without graphs reads them all).
                _, vectors = store.load_vectors(build, name, mapped=True)
                dense[name] = DenseIndex(
                    vectors, groups, hnsw_above=hnsw_above, graphs=saved[name].result(), model=name
                )
                del vectors
                embedders[name] = make_embedder(name, threads)
        retriever = cls(documents, chunks, sparse, dense, embedders, manifest, weights)
        retriever.build = build.name
        retriever.token_df = store.load_token_df(build)
        retriever.sentences = SentenceVectors.load(build, chunks)
        retriever.cards = load_cards(build)
        return retriever

    def __len__(self) -> int:
        return len(self.chunks)

    def idf(self, token: str) -> float:
        """Inverse passage frequency of a token (a token no passage holds weighs as a rare one)."""
        total, df = self.token_df
        total = total or len(self.chunks)
        count = df.get(token, 0) if df else (1 if self.sparse.knows(token) else 0)
        return float(np.log(1 + (total - count + 0.5) / (count + 0.5)))

    def query_tokens(self, query: str | Query) -> list[str]:
        """BM25 tokens of the question in simplified Chinese, plus its words in the other language:
        places and policy terms from our glossary, other words through CC-CEDICT, each kept only
        when the corpus uses it; and, for Cantonese words ('睇', '搭'), the Mandarin a page writes."""
        if isinstance(query, Query):
            if query.tokens:
                return list(query.tokens)
            simplified, is_english = query.simplified, detect_script(query.topic) == "en"
        else:
            simplified, is_english = to_simplified(query), detect_script(query) == "en"
        tokens = self._segmenter.tokens(simplified, simplify=False)
        extra = translations(simplified, is_english) + ([] if is_english else mandarin_words(simplified))
        if self.use_dictionary:
            known = self.sparse.knows
            if is_english:
                extra += dictionary.english_to_chinese(tokens, known)
            else:
                words = self._segmenter.words(simplified)
                extra += dictionary.chinese_to_english(words, known)
                # a word no passage uses, in the words a page writes ('地铁' -> '轨道交通'): a rare word the
                # index knows (common ones, '老人' for '长者', only blur the search)
                rare = [
                    found
                    for w in words
                    if not known(w)
                    if (
                        found := next(
                            (s for s in everyday_siblings(w) if known(s) and self.idf(s) >= RARE_SIBLING_IDF),
                            None,
                        )
                    )
                ]
                tokens += [
                    t
                    for s in rare
                    for t in self._segmenter.tokens(s, simplify=False)
                    if self.idf(t) >= RARE_SIBLING_IDF
                ]
        for term in dict.fromkeys(extra):
            tokens.extend(self._segmenter.tokens(term, simplify=False))
        return tokens

    def query_vector(self, name: str, text: str) -> np.ndarray:
        """The vector of a question by one embedder, embedded once: the answer stage compares the
        question with sentences by the same model the search used, and takes the search's vector."""
        key = (name, text)
        with self._lock:
            vector = self._query_vectors.get(key)
        if vector is None:
            vector = self.embedders[name].embed([text], kind="query")[0]
            with self._lock:
                if len(self._query_vectors) >= QUERY_VECTORS_KEPT:
                    self._query_vectors.pop(next(iter(self._query_vectors)))
                self._query_vectors[key] = vector
        return vector

    def place_fit(self, doc_id: str, places: tuple[str, ...]) -> int:
        """+1 when the document covers one of the places asked about (it is about that place or one
        containing it, e.g. national rules, or a place inside it), -1 when it is about other places
        only, 0 when it names no place."""
        mine = self._doc_places.get(doc_id, ())
        if not mine:
            return 0
        for asked in places:
            chain = lineage(asked)
            if any(key in chain or asked in lineage(key) for key in mine):
                return 1
        return -1

    def place_fits(self, places: tuple[str, ...]) -> np.ndarray:
        """`place_fit` of every document (by document number) for the places asked about; kept for the
        last few place sets asked, as questions name the same few places again and again."""
        with self._lock:
            fits = self._place_fits.get(places)
        if fits is None:
            at, within, placed = self._place_index()
            fits = np.where(placed, -1, 0).astype(np.int64)
            for asked in places:
                for key in lineage(asked):
                    fits[at.get(key, [])] = 1  # about the place asked or one containing it
                fits[within.get(asked, [])] = 1  # about a place inside it
            with self._lock:
                if len(self._place_fits) >= PLACE_SETS_KEPT:
                    self._place_fits.pop(next(iter(self._place_fits)))
                self._place_fits[places] = fits
        return fits

    def _place_index(self) -> tuple[dict[str, list[int]], dict[str, list[int]], np.ndarray]:
        """Documents (by number) about each place, about a place inside each place, and whether a document
        is about any place: made at the first question naming a place."""
        if self._places_by_key is None:
            at: dict[str, list[int]] = {}
            within: dict[str, list[int]] = {}
            for number, doc_id in enumerate(self._doc_ids):
                for key in self._doc_places.get(doc_id, ()):
                    at.setdefault(key, []).append(number)
                    for outer in lineage(key):
                        within.setdefault(outer, []).append(number)
            placed = np.array([bool(self._doc_places.get(d)) for d in self._doc_ids], dtype=bool)
            self._places_by_key = (at, within, placed)
        return self._places_by_key

    def candidates_and_signals(
        self, query: str | Query, mode: str = "hybrid"
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Candidate passage ids (per-language pools of every signal, and every passage of the documents
        that cover a place asked about) and each signal's normalised score for them: BM25 scaled to
        [0, 1] within each language, dense cosines as per-language z-scores."""
        if isinstance(query, str):
            query = understand(query)
        pools: list[np.ndarray] = []
        raw: np.ndarray | None = None
        if mode in ("hybrid", "bm25"):
            raw = self.sparse.scores(self.query_tokens(query))
            tops = group_maxima(raw, self._lang_members, BM25_FLOOR_SHARE)
            for members in self._lang_members.values():
                pool = members[raw[members] > 0]
                pools.append(_top(pool, raw[pool], POOL))
        if query.places:
            # Every passage of the documents that cover a place asked about; past PLACE_POOL of them (a
            # large corpus), the best of them by BM25: scoring thousands of passages costs more than
            # the whole search.
            covering = np.flatnonzero(self.place_fits(query.places)[self._doc_of_chunk] > 0)
            if len(covering) > PLACE_POOL and raw is not None:
                covering = _top(covering, raw[covering], PLACE_POOL)
            pools.append(covering[:PLACE_POOL])
        vectors: dict[str, np.ndarray] = {}
        if mode in ("hybrid", "dense"):
            simplified = query.simplified
            for name, index in self.dense.items():
                vectors[name] = self.query_vector(name, simplified)
                pools.append(index.candidates(vectors[name], POOL))
        ids = np.unique(np.concatenate(pools)) if pools else np.zeros(0, dtype=np.int64)
        signals: dict[str, np.ndarray] = {}
        if raw is not None:
            # Normalised at the candidates only: no pass over every passage beyond the BM25 scores.
            signals["bm25"] = scale_by_group(raw[ids], self._lang_of_chunk[ids], tops)
        for name, vector in vectors.items():
            raw_cosine = self.dense[name].scores(vector, ids)
            signals[name] = self.dense[name].standardised(vector, ids, raw_cosine) / 4.0
            signals[name + COSINE] = raw_cosine  # reported, never fused
        return ids, signals

    def search(
        self,
        query: str | Query,
        k: int = 5,
        mode: str = "hybrid",
        distinct: bool = True,
        language: str | None = None,
        region: str | None = None,
    ) -> list[Hit]:
        """The k best passages for `query`, at most one per document when `distinct`.

        `language` keeps documents in that script; `region` keeps documents whose region names it
        (in any script: 'Guilin' finds a document whose region is '桂林').
        """
        if isinstance(query, str):
            if not query.strip():
                raise BadQuery("the question is empty")
            query = understand(query)
        if mode not in MODES:
            raise BadQuery(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
        if not self.chunks:
            return []
        ids, signals = self.candidates_and_signals(query, mode)
        if len(ids) == 0:
            return []
        # Raw cosines ride along unweighted: how near the question is to anything we hold (off-topic check).
        cosines = {
            name.removesuffix(COSINE): signals.pop(name) for name in list(signals) if name.endswith(COSINE)
        }
        weights = {"bm25": self.weights.bm25, **self.weights.dense}
        if mode == "bm25":
            weights = {"bm25": 1.0}
        elif mode == "dense":
            weights = {name: 1.0 for name in self.dense}
        fused = weighted_sum(signals, weights)
        relevance = fused  # what a hit reports as its score: how well it matches, place aside
        if query.places and mode == "hybrid":
            shift = np.array([0.0, self.weights.place_bonus, -self.weights.place_penalty], dtype=fused.dtype)
            fused = fused + shift[self.place_fits(query.places)[self._doc_of_chunk[ids]]]  # -1 reads [2]
        if language or region:
            headers = self.documents.headers
            allowed = np.array(
                [self._document_matches(headers[d], language, region) for d in self._doc_of_chunk[ids]]
            )
            fused = np.where(allowed, fused, -np.inf)
        if distinct:
            order = best_per_document(fused, self._doc_of_chunk[ids], k)
        else:
            order = [int(i) for i in np.argsort(-fused, kind="stable")[:k]]
        order = [i for i in order if np.isfinite(fused[i])]
        return [
            Hit(
                chunk=self.chunks[ids[i]],
                document=self.documents[self.chunks[ids[i]].doc_id],
                score=float(relevance[i]),
                rank=rank,
                scores={name: float(values[i]) for name, values in signals.items()},
                cosines={name: float(values[i]) for name, values in cosines.items()},
            )
            for rank, i in enumerate(order, start=1)
        ]

    def _document_matches(self, document: Document, language: str | None, region: str | None) -> bool:
        if language and document.language != language:
            return False
        if region:
            return region_matches(document.region, region)
        return True


def _top(ids: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """The k ids of highest score, best first (a partial sort: the pools are cut from up to every
    passage)."""
    if len(ids) > k:
        part = np.argpartition(-scores, k)[:k]
        ids, scores = ids[part], scores[part]
    return ids[np.argsort(-scores, kind="stable")]


def region_matches(document_region: str | None, wanted: str) -> bool:
    """True when `wanted` names the document's region or a place inside it, in any script."""
    if not document_region:
        return False
    have = to_simplified(document_region).casefold()
    want = to_simplified(wanted).casefold().strip()
    if want in have:
        return True
    have_keys = {p.key for p, _ in find_places(document_region)}
    want_keys = {p.key for p, _ in find_places(wanted)}
    return bool(have_keys & want_keys)
