"""glibc malloc tuning for a process that decodes one memo after another."""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt() parameter number


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    """The C library when it is glibc (it has mallopt and malloc_trim), else None."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def cap_malloc_arenas(arenas: int = MALLOC_ARENAS) -> None:
    """Cap glibc's malloc arenas for this process (no-op elsewhere).

    Each decoding thread otherwise gets its own arena, and freed decoder buffers stay in them:
    with two passes side by side the worker peaked at 474-483 MB on a 30 s memo, 420-424 MB
    capped at 2, at the same speed (plain pass: 356-368 MB, 345-346 MB capped).
    """
    if libc := _glibc():
        libc.mallopt(_M_ARENA_MAX, arenas)


def release_freed_memory() -> None:
    """Give the memory a finished memo's decoding freed back to the system (glibc only).

    Otherwise the process keeps it and the next memo's peak lands on top: measured on a
    30 s memo with names, 276-289 MB held before it and a 394-405 MB peak; trimmed,
    188-193 MB and 349-359 MB.
    """
    if libc := _glibc():
        libc.malloc_trim(0)
