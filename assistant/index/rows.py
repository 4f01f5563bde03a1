"""Rows of a saved .npy matrix, read on demand."""

from __future__ import annotations

import mmap
import os
from pathlib import Path

import numpy as np


class RowFile:
    """The rows of a .npy matrix read from disk on demand (`rows[[3, 17]]`), never mapped: a memory map
    would count the ~64 KB the kernel maps around each touched row as this process's memory (measured at
    100k passages: 740 MB resident after 200 questions), while the page cache serves repeats anyway."""

    def __init__(self, path: Path) -> None:
        header = np.load(path, mmap_mode="r")
        self.path = path
        self.shape: tuple[int, ...] = tuple(header.shape)
        self.dtype = header.dtype
        self._offset = int(header.offset)
        self._row_bytes = int(header.dtype.itemsize * (header.shape[1] if header.ndim > 1 else 1))
        del header
        self._fd = os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: object) -> np.ndarray:
        wanted = np.atleast_1d(np.asarray(rows, dtype=np.int64))
        if len(wanted) > 4096:  # a bulk read (benchmarks copying a build): map it once, by descriptor
            with mmap.mmap(self._fd, 0, access=mmap.ACCESS_READ) as mapped:
                whole = np.frombuffer(
                    mapped, dtype=self.dtype, count=int(np.prod(self.shape)), offset=self._offset
                )
                out = whole.reshape(self.shape)[wanted]
                del whole
            return out
        fd, size, start = self._fd, self._row_bytes, self._offset
        data = b"".join([os.pread(fd, size, start + row * size) for row in wanted.tolist()])
        return np.frombuffer(data, dtype=self.dtype).reshape(len(wanted), *self.shape[1:])  # read-only

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)
