"""Extract: how long extract() takes on a transcript of a 5-minute memo (about 750 words), wall and CPU time.

Run by `debrief bench extract` (part of a plain `debrief bench`); it needs no server or database, only the
bundled sentence-embedding model the clause classifier uses.
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime

from webapp.extractor import extract

_SENTENCES = (
    "Okay, um, so I just finished the feedback call with Rachel Moreno from Lakeshore Robotics about the controls "
    "engineer job.",
    "She said, you know, the team was impressed by my motor tuning demo and how calmly I handled the live debugging.",
    "Uh, the downside was my answer on safety standards, which sounded vague, and I drifted off into budgets.",
    "Her advice was to rehearse a two minute summary of one past project before I meet the plant manager.",
    "They have two finalists left and expect to reach a decision around next Wednesday.",
    "I told her I appreciated the honest notes and that Lakeshore is the place I want most.",
    "To do: email Rachel a short follow up tomorrow morning, and read up on the safety standard by Monday.",
    "Also, set up a practice session with Priya next Tuesday, and refresh my resume before the month is over.",
)


def five_minute_memo(words: int = 750) -> str:
    """Build a deterministic memo of about `words` words from varied sentences."""
    parts: list[str] = []
    while sum(len(p.split()) for p in parts) < words:
        parts.append(_SENTENCES[len(parts) % len(_SENTENCES)])
    return " ".join(parts)


def run_extract_bench(runs: int = 30) -> str:
    """Time `runs` extractions of the memo, after a first one that loads the embedding model; with the memory
    the model adds to this process (a worker loads it once)."""
    import psutil

    memo = five_minute_memo()
    recorded_at = datetime(2026, 3, 10, 16, 30)
    process = psutil.Process()
    rss_before = process.memory_info().rss
    start = time.perf_counter()
    extract(memo, recorded_at)  # loads the sentence-embedding model and the classifier, warms the regex caches
    first = (time.perf_counter() - start) * 1000
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        extract(memo, recorded_at)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    added = (process.memory_info().rss - rss_before) / 2**20
    # CPU time is reported too: wall time swings when other processes share the machine.
    return (
        f"Extraction, {len(memo.split())}-word transcript (a 5-minute memo), {runs} runs: "
        f"median {statistics.median(wall):.1f} ms wall ({statistics.median(cpu):.1f} ms CPU), "
        f"max {max(wall):.1f} ms wall; the first call, loading the model, {first:.0f} ms; "
        f"memory added by the model {added:.0f} MB"
    )
