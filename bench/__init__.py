"""Every benchmark, run by `debrief bench [engines|pipeline|extract|search|requests|load|noise]`.

engines   both Whisper engines side by side: speed, peak memory, WER      (bench/engines.py)
pipeline  upload → transcript over real HTTP, worker RTF and memory        (bench/pipeline.py)
extract   extract() on a 5-minute transcript                               (bench/extract.py)
search    search latency on 10,000 generated memos                         (bench/search.py)
load      many clients against `debrief serve`; one worker's memory        (bench/load.py)
noise     WER on clean and noisy spoken memos, with denoisers and VAD settings (bench/noise.py)

A plain `debrief bench` runs engines, pipeline and extract. These modules may import webapp and
transcription; nothing there imports them back (the CLI's `bench` command imports them when it runs).
"""
