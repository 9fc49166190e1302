"""The problem record the readers yield instead of raising."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IngestError", "format_size"]

_UNITS = ((1024 * 1024, "MB"), (1024, "KB"))


@dataclass(slots=True)
class IngestError:
    """One input that could not be read; the rest of the batch goes on."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


def format_size(size: int, *, limit: int | None = None) -> str:
    """A byte count for messages ("50.0 MB"); with ``limit``, precise enough to
    differ from it ("20.01 MB" rather than "20.0 MB" against a 20 MB limit)."""
    for unit_size, unit in _UNITS:
        if size >= unit_size:
            value = size / unit_size
            if limit is None:
                return f"{round(value, 2):g} {unit}"
            for digits in (1, 2, 3, 6):
                shown = f"{value:.{digits}f}"
                if float(shown) > limit / unit_size:
                    return f"{shown} {unit}"
            return f"{value} {unit}"
    return f"{size} bytes"
