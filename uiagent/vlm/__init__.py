"""The VLM layer: providers, structured verdicts, provider-aware images, verdict cache, budgets, simulator."""

from uiagent.errors import CacheMissError
from uiagent.vlm.budget import Budget, BudgetExceededError, UsageLedger
from uiagent.vlm.cache import VerdictCache
from uiagent.vlm.images import ImageTooLargeError, PreparedImage, PrepareOptions, prepare_images
from uiagent.vlm.judge import Judge, ProviderUnreachableError, Question
from uiagent.vlm.marks import MarkTarget, draw_marks
from uiagent.vlm.pricing import estimate_cost, estimate_image_tokens
from uiagent.vlm.questions import question_about
from uiagent.vlm.runtime import JudgeSession
from uiagent.vlm.selector import ProviderSpec, parse_provider
from uiagent.vlm.verdict import Verdict

__all__ = [
    "Budget", "BudgetExceededError", "CacheMissError", "ImageTooLargeError", "Judge", "JudgeSession", "MarkTarget",
    "PrepareOptions", "PreparedImage", "ProviderSpec", "ProviderUnreachableError", "Question", "UsageLedger",
    "Verdict", "VerdictCache", "draw_marks", "estimate_cost", "estimate_image_tokens", "parse_provider",
    "prepare_images", "question_about",
]
