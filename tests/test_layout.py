"""The layout rules a newcomer relies on: checked on the source, so a change that breaks one fails here."""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("webapp", "transcription", "bench")
EVAL_DIR = ROOT.parent / "shared" / "eval"


def _modules() -> dict[str, Path]:
    """Every project module by dotted name (packages by their own name)."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Project modules that `name` imports anywhere in its source, lazy imports included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            out.add(base)
            out |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in out if m in modules and m != name}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import cycle once, as the path that closes it."""
    found, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                found.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def _without_parent_packages(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    # Importing a.b.c runs a/__init__ first; that edge is Python's, not the module's, so an
    # __init__ that registers its submodules (webapp.views) is not a cycle with them.
    return {node: {t for t in targets if not node.startswith(t + ".")} for node, targets in graph.items()}


def test_no_module_imports_one_that_imports_it_back():
    modules = _modules()
    graph = _without_parent_packages({name: _imports(name, path, modules) for name, path in modules.items()})
    assert _cycles(graph) == []


def test_blueprints_live_only_in_views():
    defined = [
        path.relative_to(ROOT).as_posix()
        for path in _modules().values()
        if re.search(r"\bBlueprint\(", path.read_text())
    ]
    assert defined and all(p.startswith("webapp/views/") for p in defined), defined


def test_services_never_touch_the_request_context():
    forbidden = {"request", "session", "g", "current_app", "Markup"}
    offenders = []
    for path in (ROOT / "webapp" / "services").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module in ("flask", "markupsafe", "flask_login"):
                offenders += [f"{path.name}: {a.name}" for a in node.names if a.name in forbidden | {"current_user"}]
            if isinstance(node, ast.Import):
                offenders += [f"{path.name}: {a.name}" for a in node.names if a.name in ("flask", "flask_login")]
    assert offenders == []


def test_benchmarks_live_in_bench():
    outside = [
        path.relative_to(ROOT).as_posix()
        for package in ("webapp", "transcription", "tests")
        for path in (ROOT / package).rglob("*.py")
        if re.search(r"bench", path.name)
    ]
    assert outside == []


def _sentences(text: str) -> list[str]:
    return [s for s in (" ".join(p.split()) for p in re.split(r"(?<=[.!?])\s+", text)) if len(s.split()) >= 6]


# A run of this many words in a row shared with an evaluation memo is a copy, sentence or not (a job title and
# its company in the same words); shorter runs are everyday phrases ("by the end of the month").
COPIED_RUN_WORDS = 8


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9']+", " ", text.lower()).split()


def _runs(words: list[str]) -> set[str]:
    return {" ".join(words[i : i + COPIED_RUN_WORDS]) for i in range(len(words) - COPIED_RUN_WORDS + 1)}


def test_no_evaluation_sentence_is_copied_into_the_project():
    """The shared evaluation memos measure the extractor; none of their sentences, or runs of 8 of their words
    in a row, may be built into tests, benchmarks or data."""
    sets = sorted(EVAL_DIR.glob("*.json")) if EVAL_DIR.is_dir() else []
    if not sets:
        if os.environ.get("CI"):
            pytest.fail("../shared/eval is missing in CI")
        pytest.skip("../shared/eval is not beside this checkout")
    memos = [memo["text"] for path in sets for memo in json.loads(path.read_text())]
    sentences = {s.lower() for text in memos for s in _sentences(text)}
    runs = set().union(*(_runs(_words(text)) for text in memos))
    tracked = [p for p in ROOT.rglob("*") if p.is_file() and not {".git", ".venv"} & set(p.parts)]
    copied = []
    for path in tracked:
        if path.suffix not in {".py", ".json", ".md", ".txt", ".html", ".js", ".sh", ".toml"}:
            continue
        text = path.read_text(errors="ignore")
        body = " ".join(text.split()).lower()
        copied += [f"{path.relative_to(ROOT)}: {s[:60]}" for s in sentences if s in body]
        copied += [f"{path.relative_to(ROOT)}: {run}" for run in sorted(_runs(_words(text)) & runs)]
    assert copied == []
