"""The outcome the memo's words lean to when no outcome rule fires: a small model over its clauses' embeddings.

The rules (outcome.py) know how outcomes are usually said and who they are said about; what they have never
seen ("the panel hasn't even met yet", "they want one more conversation with the head of product") leaves
them at "unknown". This model scores every clause for each decided outcome (a linear layer over the clause's
all-MiniLM-L6-v2 embedding, the same vectors the clause classifier uses), takes a soft maximum over the
memo's clauses, and weighs that against one learned score for "unknown" (multiple-instance learning: the
corpus labels memos, not clauses). Trained by `python -m webapp.extractor.train` with the clause model;
the weights are outcome_model.npz beside this file.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .classifier import softmax

OUTCOMES = ("offer", "next_round", "pending", "rejected", "unknown")
DECIDED = OUTCOMES[:-1]
MODEL_PATH = Path(__file__).with_name("outcome_model.npz")
# The model's outcome is taken over the rules' "unknown" only when it is at least this sure. Chosen on the
# validation memos of files a-q (2026-12-03), in a trial run (a model trained for 150 steps, every clause scored):
# with the rules, 0.4 got 93.5% of their clean texts right (0.3: 91.2%, 0.5: 92.6%) and 83.9% of what tiny.en
# heard (0.3: 84.3%, 0.5: 82.5%).
CONFIDENCE = 0.4


@dataclass(frozen=True)
class OutcomeModel:
    weights: np.ndarray  # (embedding dimensions, decided outcomes): each clause's score for each
    bias: np.ndarray  # (decided outcomes,)
    unknown: np.ndarray  # (1,): the memo's score for "unknown"

    def clause_scores(self, vectors: np.ndarray) -> np.ndarray:
        """Each clause's score for each decided outcome, from the clauses' embeddings (clauses × dimensions)."""
        return vectors @ self.weights + self.bias

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """The memo's probability for each of OUTCOMES."""
        return memo_probabilities(self.clause_scores(vectors), self.unknown)

    def save(self, path: Path = MODEL_PATH) -> None:
        """Write the weights (float16 for the large matrix, as the clause model does)."""
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            unknown=self.unknown,
            outcomes=np.array(OUTCOMES),
        )


def memo_probabilities(clause_scores: np.ndarray, unknown: np.ndarray) -> np.ndarray:
    """The memo's probability for each of OUTCOMES: a soft maximum over its clauses' scores for each decided
    outcome, against the one score for "unknown"."""
    pooled = np.logaddexp.reduce(clause_scores, axis=0)
    return softmax(np.append(pooled, unknown)[None, :])[0]


@functools.cache
def outcome_model() -> OutcomeModel:
    """The trained model shipped with Debrief."""
    data = np.load(MODEL_PATH)
    if tuple(data["outcomes"]) != OUTCOMES:
        raise RuntimeError(f"{MODEL_PATH.name} was trained for other outcomes: retrain it.")
    return OutcomeModel(*(data[key].astype(np.float32) for key in ("weights", "bias", "unknown")))


def guess_outcome(vectors: np.ndarray) -> str | None:
    """The decided outcome the clauses point to, or None when the model is not sure enough or sees none."""
    if not len(vectors):
        return None
    p = outcome_model().probabilities(vectors)
    best = int(p.argmax())
    return OUTCOMES[best] if OUTCOMES[best] != "unknown" and p[best] >= CONFIDENCE else None
