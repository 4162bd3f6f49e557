"""Timing check: `python -m webapp.extractor.benchmark` times extract() on a ~5-minute (~750-word) memo."""

from __future__ import annotations

import statistics
import time
from datetime import datetime

from webapp.extractor import extract

_SENTENCES = (
    "Um, okay, so that was the feedback call with Dana Whitfield from Oakridge Analytics about the data analyst role.",
    "She said, you know, the panel really liked my dashboard walkthrough and my questions about their data model.",
    "Uh, but they felt my SQL window functions answer was kind of shallow and I rambled on the stakeholder question.",
    "She recommended I practise explaining trade-offs out loud before the final round with the director.",
    "They are still deciding between me and one other candidate and will let me know next week.",
    "I thanked her for her time and told her Oakridge is still my first choice.",
    "I need to send her a thank you email tonight, and I should review window functions by Friday.",
    "Also remember to book a mock interview with Sam in two weeks, and update my portfolio by the end of the month.",
)


def five_minute_memo(words: int = 750) -> str:
    """Build a deterministic memo of about `words` words from varied sentences."""
    parts: list[str] = []
    while sum(len(p.split()) for p in parts) < words:
        parts.append(_SENTENCES[len(parts) % len(_SENTENCES)])
    return " ".join(parts)


def main(runs: int = 30) -> None:
    """Print the word count and the median and worst extraction times."""
    memo = five_minute_memo()
    recorded_at = datetime(2026, 3, 10, 16, 30)
    extract(memo, recorded_at)  # warm the regex caches
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        extract(memo, recorded_at)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    # CPU time is reported too: wall time swings when other processes share the machine.
    print(
        f"{len(memo.split())} words: median {statistics.median(wall):.1f} ms wall "
        f"({statistics.median(cpu):.1f} ms CPU), max {max(wall):.1f} ms wall"
    )


if __name__ == "__main__":
    main()
