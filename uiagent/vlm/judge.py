"""The judge: the async core every visual assertion and review goes through.

Cache first; then budgets; then the provider, with a bounded number of calls in flight, retries that
honour retry-after, a per-call timeout, one repair retry for unusable output, and optional voting.
Every path ends in a Verdict with a reason; only configuration problems raise.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel

from uiagent.config import Settings
from uiagent.errors import CacheMissError, ProviderUnreachableError, UiagentError
from uiagent.vlm.budget import Budget, BudgetTracker, Spend, UsageLedger, UsageRecord
from uiagent.vlm.cache import VerdictCache, cache_key
from uiagent.vlm.images import PreparedImage, PrepareOptions
from uiagent.vlm.pricing import estimate_cost, estimate_text_tokens
from uiagent.vlm.prompts import (
    SYSTEM,
    SYSTEM_QUERY,
    TEMPLATE_VERSION,
    assertion_question,
    query_question,
    repair_message,
)
from uiagent.vlm.providers import ModelReply, ModelRequest, Provider, ProviderFault, make_provider
from uiagent.vlm.selector import ProviderSpec, parse_provider
from uiagent.vlm.verdict import (
    ANSWER_SCHEMA,
    AnswerParseError,
    Evidence,
    ModelAnswer,
    Verdict,
    parse_answer,
    parse_into,
    strict_schema,
)


@dataclass(frozen=True)
class Question:
    """One thing to ask about one set of prepared images."""

    expectation: str
    images: list[PreparedImage]
    label: str = ""  # names the assertion in errors and the ledger (e.g. the test id)
    marks: dict[int, str] = field(default_factory=dict)  # mark id -> selector
    marks_legend: str = ""
    votes: int | None = None
    budgets: tuple[BudgetTracker, ...] = ()  # scopes beyond the run (e.g. the current test)
    preparation: dict[str, Any] = field(default_factory=dict)  # what changed the bytes; part of the cache key
    schema: type[BaseModel] | None = None  # a query: extract this shape instead of judging pass/fail
    tiles: bool = True  # several images are tiles of one screenshot (False: distinct images, e.g. a comparison)


@dataclass
class _Call:
    reply: ModelReply | None
    fault: str | None
    attempts: int


class Judge:
    def __init__(self, spec: ProviderSpec, settings: Settings, *, provider: Provider | None = None,
                 cache: VerdictCache | None = None, ledger: UsageLedger | None = None):
        self.spec = spec
        self.settings = settings
        self.cache = cache
        self.ledger = ledger or UsageLedger(settings.ledger_path)
        self.run_budget = BudgetTracker("run", Budget(max_image_tokens=settings.budget_run_image_tokens,
                                                       max_total_tokens=settings.budget_run_tokens,
                                                       max_usd=settings.budget_run_usd))
        self._provider = provider
        self._slots: asyncio.Semaphore | None = None
        self._reached = False

    @classmethod
    def from_settings(cls, settings: Settings, *, provider: Provider | None = None) -> Judge:
        """Validate everything (selector, key, budgets) before any call is made."""
        if not settings.provider:
            raise UiagentError("no VLM provider configured: set UIAGENT_PROVIDER (e.g. anthropic:claude-sonnet-4-6) "
                               "or `provider` under [tool.uiagent] in pyproject.toml")
        spec = parse_provider(settings.provider)
        provider = provider or make_provider(spec, detail=settings.openai_detail, settings=settings)
        cache = VerdictCache(settings.cache_path, settings.cache_mode) if settings.cache_mode != "off" else None
        return cls(spec, settings, provider=provider, cache=cache)

    def prepare_options(self) -> PrepareOptions:
        return PrepareOptions(profile=self.spec.image_profile, detail=self.settings.openai_detail,
                              qwen_min_pixels=self.settings.qwen_min_pixels,
                              qwen_max_pixels=self.settings.qwen_max_pixels)

    def test_budget(self, scope: str = "test") -> BudgetTracker:
        s = self.settings
        return BudgetTracker(scope, Budget(max_image_tokens=s.budget_test_image_tokens,
                                           max_total_tokens=s.budget_test_tokens, max_usd=s.budget_test_usd))

    async def ask(self, question: Question) -> Verdict:
        votes = question.votes or self.settings.votes
        key = cache_key(provider=self.spec.kind, model=self.spec.model, endpoint=self.spec.base_url or "",
                        template_version=TEMPLATE_VERSION,
                        question=question.expectation + "\n" + question.marks_legend,
                        image_hashes=[image.sha256 for image in question.images],
                        preparation={**question.preparation, "votes": votes, "box_units": self.settings.box_units,
                                     "schema": question.schema.model_json_schema() if question.schema else None})
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                hit = hit.model_copy(update={"calls": 0})
                self._record(question, hit, attempts=0)
                return hit
            if self.cache.mode == "read-only":
                raise CacheMissError(
                    f"{question.label or question.expectation!r}: no stored verdict for this question and image, "
                    f"and the verdict cache ({self.cache.path}) is read-only. Record it once with the cache in "
                    "read-write mode (and a provider key), then commit or restore the cache file."
                )
        started = time.perf_counter()
        verdict, attempts = await self._vote(question, votes)
        verdict = verdict.model_copy(update={"latency_ms": round((time.perf_counter() - started) * 1000, 1),
                                             "calls": attempts})
        if self.cache is not None:
            self.cache.put(key, verdict, question.expectation)
        self._record(question, verdict, attempts)
        return verdict

    async def check(self) -> None:
        """Reach the provider once, spending no tokens where it allows (providers with a `check`): raises a
        clear ProviderConfigError or ProviderUnreachableError before anything is judged."""
        check = getattr(self._provider, "check", None)
        if check is None:
            return
        try:
            await check()
        except ProviderFault as fault:
            raise ProviderUnreachableError(f"{fault}; nothing was judged") from fault

    async def aclose(self) -> None:
        if self._provider is not None:
            await self._provider.aclose()
        if self.cache is not None:
            self.cache.close()

    # -- voting -------------------------------------------------------------------------------------

    async def _vote(self, question: Question, votes: int) -> tuple[Verdict, int]:
        if votes == 1:
            return await self._sample(question)
        majority = votes // 2 + 1
        samples = list(await asyncio.gather(*(self._sample(question) for _ in range(majority))))
        while len(samples) < votes and not self._has_majority([v for v, _ in samples], majority):
            samples.append(await self._sample(question))
        return self._combine([v for v, _ in samples], majority), sum(a for _, a in samples)

    @staticmethod
    def _has_majority(verdicts: list[Verdict], majority: int) -> bool:
        counts = Counter(v.outcome for v in verdicts if v.judged and v.outcome != "uncertain")
        return bool(counts) and counts.most_common(1)[0][1] >= majority

    def _combine(self, verdicts: list[Verdict], majority: int) -> Verdict:
        judged = [v for v in verdicts if v.judged]
        totals = {"tokens_in": sum(v.tokens_in for v in verdicts), "tokens_out": sum(v.tokens_out for v in verdicts),
                  "image_tokens_estimated": sum(v.image_tokens_estimated for v in verdicts),
                  "estimated_cost_usd": sum(v.estimated_cost_usd for v in verdicts),
                  "votes": [v.outcome for v in verdicts]}
        if not judged:
            return verdicts[0].model_copy(update=totals)
        counts = Counter(v.outcome for v in judged)
        outcome, count = counts.most_common(1)[0]
        if count >= majority and outcome != "uncertain":
            winners = [v for v in judged if v.outcome == outcome]
            confidence = sum(v.confidence for v in winners) / len(winners) * count / len(verdicts)
            return winners[0].model_copy(update={**totals, "confidence": round(confidence, 3)})
        summary = ", ".join(f"{n} {o}" for o, n in counts.most_common())
        return judged[0].model_copy(update={
            **totals, "outcome": "uncertain", "confidence": round(count / len(verdicts), 3),
            "reason": f"samples disagree ({summary}); first sample said: {judged[0].reason}",
        })

    # -- one sample: call, parse, repair ------------------------------------------------------------

    def _request(self, question: Question) -> ModelRequest:
        if question.schema is not None:
            schema = strict_schema(question.schema)
            system = SYSTEM_QUERY
            text = query_question(question.expectation, question.images, json.dumps(schema), question.marks_legend)
        else:
            schema, system = ANSWER_SCHEMA, SYSTEM
            text = assertion_question(question.expectation, question.images, marks_legend=question.marks_legend,
                                      tiles=question.tiles)
        return ModelRequest(system=system, question=text, images=question.images, schema=schema,
                            max_tokens=self.settings.max_output_tokens,
                            native_structured_output=self.settings.structured_output == "native")

    async def _sample(self, question: Question) -> tuple[Verdict, int]:
        request = self._request(question)
        call = await self._call(request, question)
        if call.reply is None:
            return self._unjudged(question, f"no verdict: {call.fault}", usage=()), call.attempts
        replies = [call.reply]
        attempts = call.attempts
        try:
            answer = self._parse(call.reply, question.schema)
        except _Refused as refused:
            return self._unjudged(question, f"model refused: {refused}", usage=replies), attempts
        except AnswerParseError as problem:
            repair = replace(request, follow_ups=((call.reply.text, repair_message(str(problem))),))
            second = await self._call(repair, question)
            attempts += second.attempts
            if second.reply is None:
                return self._unjudged(question, f"unusable answer ({problem}); repair call failed: {second.fault}",
                                      usage=replies, raw=call.reply.text), attempts
            replies.append(second.reply)
            try:
                answer = self._parse(second.reply, question.schema)
            except (AnswerParseError, _Refused) as again:
                return self._unjudged(question, f"unusable answer after one repair retry: {again}",
                                      usage=replies, raw=second.reply.text), attempts
        return self._verdict(question, answer, replies), attempts

    @staticmethod
    def _parse(reply: ModelReply, schema: type[BaseModel] | None) -> ModelAnswer | BaseModel:
        if reply.refusal:
            raise _Refused(reply.refusal)
        try:
            return parse_answer(reply.text) if schema is None else parse_into(reply.text, schema)
        except AnswerParseError as error:
            if reply.truncated:
                raise AnswerParseError(f"output cut off at the token limit ({error})") from None
            raise

    def _verdict(self, question: Question, answer: ModelAnswer | BaseModel, replies: list[ModelReply]) -> Verdict:
        if not isinstance(answer, ModelAnswer):
            return Verdict(outcome="pass", confidence=1.0, reason="answer extracted", data=answer.model_dump(mode="json"),
                           **self._usage(question, replies))
        evidence = []
        for item in answer.evidence:
            index = _tile_index(item.label, len(question.images))
            image = question.images[index] if question.images else None
            evidence.append(Evidence(
                label=item.label,
                box=image.to_css(item.box, self.settings.box_units) if image else None,
                mark=item.mark,
                selector=question.marks.get(item.mark) if item.mark is not None else None,
                image=index + 1 if len(question.images) > 1 and not question.tiles else None,
            ))
        return Verdict(outcome=answer.outcome, confidence=min(max(answer.confidence, 0.0), 1.0),
                       reason=answer.reason, evidence=evidence, **self._usage(question, replies))

    def _unjudged(self, question: Question, reason: str, *, usage: tuple | list, raw: str | None = None) -> Verdict:
        return Verdict(outcome="uncertain", confidence=0.0, reason=reason, error=reason, raw=raw,
                       **self._usage(question, list(usage)))

    def _usage(self, question: Question, replies: list[ModelReply]) -> dict[str, Any]:
        tokens_in = sum(r.tokens_in for r in replies)
        tokens_out = sum(r.tokens_out for r in replies)
        return {"provider": self.spec.kind, "model": self.spec.model, "tokens_in": tokens_in,
                "tokens_out": tokens_out,
                "image_tokens_estimated": sum(i.estimated_tokens for i in question.images) * max(1, len(replies)),
                "estimated_cost_usd": round(estimate_cost(self.spec.kind, self.spec.model, tokens_in, tokens_out), 6)}

    # -- one call: budget, concurrency, retries ------------------------------------------------------

    async def _call(self, request: ModelRequest, question: Question) -> _Call:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.settings.max_concurrency)
        estimate = self._estimate(request)
        trackers = [self.run_budget, *question.budgets]
        reserved: list[BudgetTracker] = []
        try:
            for tracker in trackers:  # all or nothing: a refused reservation undoes the others
                tracker.reserve(estimate, question.label or question.expectation)
                reserved.append(tracker)
        except Exception:
            for tracker in reserved:
                tracker.settle(estimate, Spend())
            raise
        actual = Spend()
        try:
            async with self._slots:
                call = await self._attempts(request)
            if call.reply is not None:
                tokens = call.reply.tokens_in + call.reply.tokens_out
                actual = Spend(estimate.image_tokens, tokens, estimate_cost(
                    self.spec.kind, self.spec.model, call.reply.tokens_in, call.reply.tokens_out))
            return call
        finally:
            for tracker in trackers:
                tracker.settle(estimate, actual)

    def _estimate(self, request: ModelRequest) -> Spend:
        image_tokens = sum(image.estimated_tokens for image in request.images)
        text = request.system + request.question + "".join(a + u for a, u in request.follow_ups)
        tokens_in = image_tokens + estimate_text_tokens(text)
        total = tokens_in + request.max_tokens
        return Spend(image_tokens, total, estimate_cost(self.spec.kind, self.spec.model, tokens_in, request.max_tokens))

    async def _attempts(self, request: ModelRequest) -> _Call:
        assert self._provider is not None
        fault: ProviderFault | None = None
        for attempt in range(self.settings.max_retries + 1):
            try:
                reply = await self._provider.complete(request, self.settings.call_timeout_s)
                self._reached = True
                return _Call(reply=reply, fault=None, attempts=attempt + 1)
            except ProviderFault as error:
                fault = error
                if error.connection_refused and not self._reached:
                    raise ProviderUnreachableError(
                        f"{error}. Nothing was judged. Is the server running and the base URL right?"
                    ) from error
                if attempt == self.settings.max_retries:
                    break
                delay = error.retry_after
                if delay is None:
                    delay = min(self.settings.backoff_base_s * 2**attempt, 8.0) * (1 - 0.25 * random.random())
                elif delay > self.settings.max_retry_after_s:
                    return _Call(None, f"{error} (server asks to retry after {delay:g}s, more than the "
                                       f"{self.settings.max_retry_after_s:g}s allowed)", attempt + 1)
                await asyncio.sleep(delay)
        tries = self.settings.max_retries + 1
        return _Call(None, f"{fault} (after {tries} attempt{'s' if tries > 1 else ''})", tries)

    def _record(self, question: Question, verdict: Verdict, attempts: int) -> None:
        self.ledger.add(UsageRecord(
            label=question.label or question.expectation, provider=verdict.provider or self.spec.kind,
            model=verdict.model or self.spec.model, cached=verdict.cached, outcome=verdict.outcome,
            tokens_in=0 if verdict.cached else verdict.tokens_in, tokens_out=0 if verdict.cached else verdict.tokens_out,
            image_tokens_estimated=0 if verdict.cached else verdict.image_tokens_estimated,
            estimated_cost_usd=0.0 if verdict.cached else verdict.estimated_cost_usd,
            latency_ms=0.0 if verdict.cached else verdict.latency_ms, attempts=attempts, error=verdict.error,
        ))


class _Refused(Exception):
    pass


_TILE = re.compile(r"\b(?:tile|frame|image)\s+(\d+)", re.I)  # how a label names the image it is in


def _tile_index(label: str, count: int) -> int:
    match = _TILE.search(label) if count > 1 else None
    return min(max(int(match.group(1)) - 1, 0), count - 1) if match else 0
