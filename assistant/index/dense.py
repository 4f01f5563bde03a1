"""Dense search with FAISS: one inner-product index per document language, over normalised vectors.

Per-language pools stop the "language wall" (a query's own language filling every top slot) from
starving the candidates before fusion: each language contributes its own best passages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import faiss
import numpy as np

from assistant.index.rows import RowFile

STATS_SAMPLE = 2000  # passages per language used to estimate a query's score distribution
PRIOR_PASSAGES = 5  # a language pool of this many passages leans half on the whole corpus's statistics
# A language pool larger than this is searched with HNSW instead of an exact scan (bench/compare.py
# measures the recall cost at 100k chunks); the bundled corpus stays exact.
HNSW_ABOVE = 10_000
HNSW_M = 32
# More effort in building the graph (80 before): at 1M a search's top-5 overlap with exact float search
# rose 0.976 -> 0.988 (e5) and 0.903 -> 0.939 (USE), counted as ann-benchmarks does; the build takes 47% longer.
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 128
# A large pool needs a wider search for the same recall, and USE's more than e5's. At 1M passages (pools
# of 261k-395k) a search's top-5 overlap with exact float search, counted as ann-benchmarks does, is for
# USE 0.939 / 0.969 / 0.983 at efSearch 128 / 256 / 512 (e5 0.988 / 0.998 / 0.999), and 512 for USE costs
# 5-8 ms of search p95 (bench/million.py; README). Pools at 100k passages (~30k) stay at 128.
HNSW_LARGE_POOL = 200_000
HNSW_EF_SEARCH_LARGE = {"use-m3": 512}


def ef_search(model: str | None, pool: int) -> int:
    """The HNSW search width for a pool of `pool` passages of `model`'s vectors."""
    if model is not None and pool > HNSW_LARGE_POOL:
        return HNSW_EF_SEARCH_LARGE.get(model, HNSW_EF_SEARCH)
    return HNSW_EF_SEARCH


# HNSW pools keep their vectors as 8-bit scalar codes (IndexHNSWSQ): bench/compare.py measures what that
# costs against float vectors at 100k passages (top-5 overlap, recall@5).
HNSW_QUANTISED = True


class DenseIndex:
    def __init__(
        self,
        vectors: np.ndarray,
        groups: np.ndarray,
        hnsw_above: int | None = None,
        graphs: Mapping[int, faiss.Index] | None = None,
        keep_exact: bool = False,
        model: str | None = None,
    ) -> None:
        """`groups[i]` is the language number of passage i. With `hnsw_above`, a language pool larger
        than that uses an approximate HNSW index instead of an exact flat one: the one in `graphs` (saved
        with the build, see `save_graphs`) when it holds that pool, else one built here (14 s of a 23.7 s
        load at 100k passages). `vectors` may be a read-only memory map: only the rows of exact pools
        and the statistics samples are read from it; the candidates' vectors are read back from its file
        exactly. Vectors in memory are kept beside FAISS's (quantised) copy only with `keep_exact`. `model`
        names the embedder of the vectors, which sets how wide a large pool's graph is searched."""
        self.dim = int(vectors.shape[1])
        self.groups = groups
        # FAISS keeps the only copy of the vectors (a second one cost 360 MB at 100k passages):
        # passage i is row _local[i] of its language pool.
        self._local = np.zeros(len(groups), dtype=np.int64)
        self._pools: dict[int, tuple[faiss.Index, np.ndarray]] = {}
        # Per language pool, the first and second moments of a sample of its vectors: a query's score
        # distribution over the sample is their product with the query (mean q.m, variance q.S.q - (q.m)^2),
        # without scoring the sample for every query.
        self._moments: dict[int, tuple[np.ndarray, np.ndarray, int]] = {}
        self.graphs_loaded = 0  # HNSW pools taken from saved graphs rather than built
        # The candidates' cosines are exact, whatever the pools keep (quantised codes): a build's vectors
        # are read from their file on demand (RowFile: never mapped, so they are not this process's
        # memory); vectors handed in memory stay with FAISS only.
        self._exact: RowFile | np.ndarray | None = None
        if isinstance(vectors, np.memmap) and vectors.filename:
            self._exact = RowFile(Path(vectors.filename))
        elif keep_exact:
            self._exact = vectors
        rng = np.random.default_rng(0)
        for group in np.unique(groups):
            ids = np.flatnonzero(groups == group)
            self._local[ids] = np.arange(len(ids))
            if hnsw_above is not None and len(ids) > hnsw_above:
                saved = (graphs or {}).get(int(group))
                if saved is not None and _fits(saved, len(ids), self.dim):
                    index: faiss.Index = saved
                    self.graphs_loaded += 1
                else:
                    index = _hnsw(np.ascontiguousarray(vectors[ids], dtype=np.float32))
                index.hnsw.efSearch = ef_search(model, len(ids))
            else:
                index = faiss.IndexFlatIP(self.dim)
                index.add(np.ascontiguousarray(vectors[ids], dtype=np.float32))
            self._pools[int(group)] = (index, ids)
            sample = ids if len(ids) <= STATS_SAMPLE else rng.choice(ids, STATS_SAMPLE, replace=False)
            rows = np.asarray(vectors[np.sort(sample)], dtype=np.float64)
            self._moments[int(group)] = (rows.mean(axis=0), rows.T @ rows / len(rows), len(rows))

    def __len__(self) -> int:
        return len(self.groups)

    def save_graphs(self, path_of: Callable[[int], Path]) -> list[Path]:
        """Write every HNSW pool (graph and vectors) to `path_of(group)`; exact pools are rebuilt from
        the vectors at load in a fraction of a second, so only the graphs are worth saving."""
        written = []
        for group, (index, _) in self._pools.items():
            if isinstance(index, faiss.IndexHNSW):
                path = path_of(group)
                faiss.write_index(index, str(path))
                written.append(path)
        return written

    @staticmethod
    def read_graphs(path_of: Callable[[int], Path], groups: Iterable[int]) -> dict[int, faiss.Index]:
        """The saved HNSW pools of the given language numbers, for those saved on disk, memory-mapped
        read-only: loading takes milliseconds, and processes serving one build share its pages."""
        graphs = {}
        for group in groups:
            path = path_of(int(group))
            if path.is_file():
                graphs[int(group)] = faiss.read_index(
                    str(path), faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY
                )
        return graphs

    @property
    def vectors(self) -> np.ndarray:
        """All vectors in passage order (a copy: for baselines and benchmarks, not the query path)."""
        return self.rows(np.arange(len(self.groups)))

    def rows(self, ids: np.ndarray) -> np.ndarray:
        """The vectors of the given passages: exact from the build's mapped vectors where there are
        some, else read back from their pools (decoded, for quantised ones)."""
        if self._exact is not None:
            order = np.argsort(ids)
            out = np.empty((len(ids), self.dim), dtype=np.float32)
            out[order] = self._exact[ids[order]]  # rows in file order: fewer pages touched
            return out
        out = np.zeros((len(ids), self.dim), dtype=np.float32)
        for group, (index, _) in self._pools.items():
            mask = self.groups[ids] == group
            if mask.any():
                out[mask] = index.reconstruct_batch(self._local[ids[mask]])
        return out

    def candidates(self, query: np.ndarray, k_per_group: int) -> np.ndarray:
        """Passage ids of the best `k_per_group` passages of every language pool."""
        found = []
        for index, ids in self._pools.values():
            k = min(k_per_group, len(ids))
            _, local = index.search(query[None, :].astype(np.float32), k)
            local = local[0][local[0] >= 0]
            found.append(ids[local])
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def scores(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Cosine of the query with the given passages."""
        return self.rows(ids) @ query.astype(np.float32)

    def standardised(self, query: np.ndarray, ids: np.ndarray, raw: np.ndarray | None = None) -> np.ndarray:
        """Cosines as z-scores against the query's score distribution in each passage's language.

        A 4-bit multilingual model scores same-language passages far above translations; standardising
        per language puts the best Chinese and the best English passage on one scale. A small language
        pool says little about its distribution, so its statistics are shrunk toward the whole corpus's
        (a pool of PRIOR_PASSAGES passages counts half). `raw`: the cosines, where the caller has them.
        """
        raw = self.scores(query.astype(np.float32), ids) if raw is None else raw
        wide = query.astype(np.float64)
        # Per pool: (passages sampled, mean score, mean squared score) of the query over the sample.
        per_group = {
            group: (n, float(first @ wide), float(wide @ second @ wide))
            for group, (first, second, n) in self._moments.items()
        }
        total = sum(n for n, _, _ in per_group.values())
        pooled_mean = sum(n * mean for n, mean, _ in per_group.values()) / total
        pooled_var = sum(n * square for n, _, square in per_group.values()) / total - pooled_mean**2
        out = np.zeros_like(raw)
        for group, (n, group_mean, square) in per_group.items():
            mask = self.groups[ids] == group
            if not mask.any():
                continue
            weight = n / (n + PRIOR_PASSAGES)
            mean = weight * group_mean + (1 - weight) * pooled_mean
            var = weight * (square - group_mean**2) + (1 - weight) * pooled_var
            out[mask] = (raw[mask] - mean) / max(max(var, 0.0) ** 0.5, 1e-6)
        return out


def _hnsw(vectors: np.ndarray) -> faiss.Index:
    """An HNSW graph over one language pool; its vectors kept as 8-bit scalar codes (HNSW_QUANTISED), a
    quarter of the float32 memory, trained on the pool itself."""
    if HNSW_QUANTISED:
        index = faiss.IndexHNSWSQ(
            vectors.shape[1], faiss.ScalarQuantizer.QT_8bit, HNSW_M, faiss.METRIC_INNER_PRODUCT
        )
        index.train(vectors)
    else:
        index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.hnsw.efSearch = HNSW_EF_SEARCH
    index.add(vectors)
    return index


def _fits(index: faiss.Index, size: int, dim: int) -> bool:
    """A saved graph serves a pool only when it holds that pool: same count and width, inner product."""
    return (
        isinstance(index, faiss.IndexHNSW)
        and index.ntotal == size
        and index.d == dim
        and index.metric_type == faiss.METRIC_INNER_PRODUCT
    )
