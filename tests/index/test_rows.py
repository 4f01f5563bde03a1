"""Rows of a saved matrix read on demand equal the matrix's rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.index.rows import RowFile


def test_rows_read_on_demand_equal_the_saved_ones(tmp_path: Path) -> None:
    matrix = np.random.default_rng(1).normal(size=(5000, 7)).astype(np.float16)
    np.save(tmp_path / "m.npy", matrix)
    rows = RowFile(tmp_path / "m.npy")
    assert len(rows) == 5000
    for wanted in ([3, 17, 3, 4999], [0], [], list(range(4500))):  # repeats, one, none, a bulk read
        got = rows[wanted]
        assert got.shape == (len(wanted), 7) and got.dtype == np.float16
        assert np.array_equal(got, matrix[wanted])
