"""Visual assertions on what moves: the frames of the page while an action runs, judged as one ordered sequence.

    with expect_visual(page).recording(max_seconds=5) as rec:
        page.click("text=Save")
    rec.to_have_shown("a toast saying the changes were saved")
    rec.to_show_in_order(["a loading spinner", "the updated list without the spinner"])

Frames come from the DevTools screencast (uiagent.capture.screencast) while the block runs and after it, until the
page has been still for `quiet_seconds` or `max_seconds` have passed. Near-duplicates are dropped by perceptual
hash (a blinking caret is not a change), and the rest thinned to `max_frames`, keeping the first, the last and
the biggest changes between them. The model gets them as one request of ordered images with each frame's time;
every frame counts in the token estimate and the budgets, and every frame's bytes are in the verdict cache key.
"""

from __future__ import annotations

import time
import warnings
from typing import TYPE_CHECKING

import imagehash
import numpy as np
from PIL import Image, ImageDraw

from uiagent.capture.models import Box
from uiagent.capture.screencast import Frame, Screencast
from uiagent.errors import ConfigError, RecordingCutWarning, VisualAssertionError
from uiagent.vlm import Question, prepare_images
from uiagent.vlm.verdict import Verdict

if TYPE_CHECKING:
    from uiagent.assertions.expect import VisualExpectation

HASH_SIZE = 16  # 256-bit pHash: a toast of 2% of a viewport flips ~86 bits, a blinking caret ~8
NEAR_BITS = 12
NEAR_PIXELS = 0.0005  # 0.05% of the frame: 350 px of 1000x700
POLL_SECONDS = 0.1
SHEET_WIDTH = 480  # each frame's width on the contact sheet saved with a failure


def distinct_frames(frames: list[Frame]) -> list[tuple[Frame, int]]:
    """The frames that are not near-duplicates of the frame kept before them, each with how much it differs from
    it (bits of the perceptual hash; the first frame counts as the largest change)."""
    kept: list[tuple[Frame, int, imagehash.ImageHash]] = []
    for frame in frames:
        digest = imagehash.phash(frame.image, hash_size=HASH_SIZE)
        if not kept:
            kept.append((frame, HASH_SIZE * HASH_SIZE, digest))
        elif not near_duplicates(kept[-1][0], kept[-1][2], frame, digest):
            kept.append((frame, int(digest - kept[-1][2]), digest))
    return [(frame, change) for frame, change, _ in kept]


def near_duplicates(a: Frame, a_hash: imagehash.ImageHash, b: Frame, b_hash: imagehash.ImageHash) -> bool:
    """The same picture but for noise: hashes a few bits apart and almost no pixel changed (a blinking caret
    flips some bits of the hash; an error message of one short word changes a thousand pixels)."""
    if a_hash - b_hash > NEAR_BITS or a.image.size != b.image.size:
        return False
    changed = (np.abs(np.asarray(a.image, dtype=np.int16) - np.asarray(b.image, dtype=np.int16)).max(axis=2) > 16)
    return float(changed.mean()) <= NEAR_PIXELS


def select_frames(frames: list[Frame], cap: int) -> list[Frame]:
    """At most `cap` frames in time order: near-duplicates dropped, then the first, the last and the largest
    changes between them kept."""
    distinct = distinct_frames(frames)
    if len(distinct) <= cap:
        return [frame for frame, _ in distinct]
    middle = sorted(range(1, len(distinct) - 1), key=lambda i: -distinct[i][1])[:max(0, cap - 2)]
    chosen = sorted({0, len(distinct) - 1, *middle})[:cap]
    return [distinct[i][0] for i in chosen]


class Recording:
    """What `VisualExpectation.recording()` returns: a context manager around the action, then the assertions."""

    def __init__(self, expectation: VisualExpectation, *, max_seconds: float, max_frames: int, quiet_seconds: float):
        if max_seconds <= 0 or max_frames < 1 or quiet_seconds < 0:
            raise ConfigError(f"recording: max_seconds must be > 0, max_frames >= 1 and quiet_seconds >= 0 "
                              f"(got {max_seconds}, {max_frames}, {quiet_seconds})")
        self.expectation = expectation
        self.max_seconds = max_seconds
        self.max_frames = max_frames
        self.quiet_seconds = quiet_seconds
        self.frames: list[Frame] = []  # what is sent to the model
        self.received = 0  # every frame the browser sent
        self.cut = False  # the action outlived max_seconds
        self.problem: str | None = None  # why the recording cannot be judged (the page closed, no frame)
        self._screencast: Screencast | None = None

    # -- recording --------------------------------------------------------------------------------------------

    def __enter__(self) -> Recording:
        self.start()
        return self

    def __exit__(self, kind: object, error: BaseException | None, traceback: object) -> None:
        self.stop(action_error=error)  # the action's own exception, if any, goes on (never swallowed)

    def start(self) -> None:
        page = self.expectation.page
        self._screencast = Screencast(page, self.expectation.context.settings.mask_selectors)
        self._screencast.start()

    def stop(self, action_error: BaseException | None = None) -> None:
        screencast, self._screencast = self._screencast, None
        if screencast is None:
            raise ConfigError("recording: stop() without start()")
        try:
            if action_error is None and not screencast.page.is_closed():
                self._until_still(screencast)
        finally:
            frames = screencast.stop()
        self.received = len(frames)
        within = [frame for frame in frames if frame.seconds <= self.max_seconds]
        if len(within) < len(frames) or self.cut:
            self.cut = True
            warnings.warn(RecordingCutWarning(
                f"recording: the action outlived max_seconds ({self.max_seconds:g} s); judged on the first "
                f"{self.max_seconds:g} s ({len(within)} of {len(frames)} frames)"), stacklevel=3)
        self.frames = select_frames(within, self.max_frames)
        if screencast.error or not self.frames:  # an unfinished recording is not judged as if it were whole
            self.problem = (screencast.error or (f"the action raised {type(action_error).__name__}: {action_error}"
                                                 if action_error else "the browser sent no frame"))

    def _until_still(self, screencast: Screencast) -> None:
        """Take frames in until nothing new has been painted for quiet_seconds, or max_seconds since the start."""
        seen, last_change = 0, time.time()
        last: tuple[Frame, imagehash.ImageHash] | tuple[()] = ()
        while True:
            elapsed = time.time() - screencast.began
            if elapsed >= self.max_seconds:
                self.cut = True
                return
            for frame in screencast.frames_since(seen):
                digest = imagehash.phash(frame.image, hash_size=HASH_SIZE)
                if not last or not near_duplicates(last[0], last[1], frame, digest):
                    last = (frame, digest)
                    # When it reached us, not when it was painted: on a busy machine frames arrive late, and a
                    # changing page whose frames lag a second behind would look still.
                    last_change = time.time()
            seen = screencast.received
            if time.time() - last_change >= self.quiet_seconds and elapsed >= self.quiet_seconds:
                return
            screencast.wait(POLL_SECONDS)

    # -- assertions -------------------------------------------------------------------------------------------

    def to_have_shown(self, expectation: str) -> Verdict:
        """Pass when the model judges that the page showed `expectation` in at least one frame."""
        __tracebackhide__ = True  # a failure points at the user's line, not uiagent's
        ask = ("Judge the whole recording: the expectation holds (pass) if the page showed it in at least one "
               f"frame, however briefly.\n\nShown at some moment: {expectation}")
        return self._judge(expectation, ask)

    def to_show_in_order(self, expectations: list[str]) -> Verdict:
        """Pass when the model judges that the page showed each of `expectations`, in this order."""
        __tracebackhide__ = True
        if not expectations or not all(isinstance(e, str) and e.strip() for e in expectations):
            raise ConfigError("recording: to_show_in_order needs a list of one or more expectations (strings)")
        steps = "\n".join(f"{i}. {e}" for i, e in enumerate(expectations, 1))
        ask = ("Judge the whole recording: the expectation holds (pass) if the page showed each of these, in this "
               "order: each in a frame no earlier than the frame of the one before it. Give evidence for each, "
               f"in the frame where it is shown.\n\nShown in this order:\n{steps}")
        return self._judge(" -> ".join(expectations), ask)

    def frames_of(self, verdict: Verdict) -> list[int]:
        """The frames (1-based, as sent) the verdict rests on: those its evidence names; all when it names none."""
        named = sorted({e.image for e in verdict.evidence if e.image is not None})
        return named or list(range(1, len(self.frames) + 1))

    def _judge(self, expectation: str, ask: str) -> Verdict:
        __tracebackhide__ = True
        visual = self.expectation
        context = visual.context
        if self._screencast is not None:
            raise ConfigError("recording: judge it after the `with` block (or stop()), once the frames are in")
        if self.problem is not None:
            visual._record("recording", expectation, None, "fail")
            raise VisualAssertionError(f"Recording cannot be judged: {self.problem} ({len(self.frames)} frame(s) "
                                       f"recorded).\n  Expectation: {expectation!r}")
        judge = context.require_judge(f"recording {expectation!r}")
        options = judge.judge.prepare_options()
        images = [prepare_images(frame.image, Box(x=0, y=0, width=frame.image.width, height=frame.image.height),
                                 options)[0] for frame in self.frames]
        times = ", ".join(f"image {i} at {frame.seconds:.2f} s" for i, frame in enumerate(self.frames, 1))
        text = (f"The {len(images)} images are frames of a web page recorded in time order while an action ran "
                f"({times}). Give each evidence box in the pixels of its frame and name the frame in its label as "
                f"'frame N: ...'.\n\n{ask}")
        asked = Question(expectation=text, images=images, tiles=False, label=f"{context.test_id}: {expectation}",
                         votes=visual.votes, budgets=(context.budget,) if context.budget else (),
                         preparation={"kind": "recording"})
        verdict = judge.ask(asked)
        if verdict.outcome == "pass":
            visual._record("recording", expectation, verdict, "pass")
            return verdict
        sheet = context.save_evidence(self.contact_sheet(verdict), "recording")
        frames = ", ".join(f"frame {i} at {self.frames[i - 1].seconds:.2f} s" for i in self.frames_of(verdict))
        headline = (f"Recording {'did not show' if verdict.outcome == 'fail' else 'could not be judged for'}: "
                    f"{expectation!r}")
        message = (f"{headline}\n  Model: {verdict.reason}\n  Rests on: {frames} ({len(self.frames)} frame(s) sent "
                   f"of {self.received} recorded)\n  Frames: {sheet}")
        visual._record("recording", expectation, verdict, verdict.outcome, message=message)
        if verdict.outcome == "uncertain":
            visual._apply_uncertain(message)
            return verdict
        raise VisualAssertionError(message)

    def contact_sheet(self, verdict: Verdict | None = None) -> Image.Image:
        """The frames side by side in rows of four, each with its number and time; the frames a verdict rests on
        outlined in red, with its evidence boxes."""
        rested = set(self.frames_of(verdict)) if verdict is not None else set()
        first = self.frames[0].image
        scale = SHEET_WIDTH / first.width
        cell_w, cell_h = SHEET_WIDTH, round(first.height * scale) + 20
        columns = min(4, len(self.frames))
        rows = (len(self.frames) + columns - 1) // columns
        sheet = Image.new("RGB", (columns * cell_w, rows * cell_h), "white")
        draw = ImageDraw.Draw(sheet)
        for index, frame in enumerate(self.frames, 1):
            x, y = (index - 1) % columns * cell_w, (index - 1) // columns * cell_h
            sheet.paste(frame.image.resize((cell_w, cell_h - 20)), (x, y + 20))
            draw.text((x + 4, y + 4), f"frame {index} · {frame.seconds:.2f} s", fill=(0, 0, 0))
            if index in rested and verdict is not None:
                draw.rectangle((x, y + 20, x + cell_w - 1, y + cell_h - 1), outline=(220, 0, 0), width=3)
                for evidence in verdict.evidence:
                    if evidence.image == index and evidence.box is not None:
                        b = evidence.box
                        draw.rectangle((x + b.x * scale, y + 20 + b.y * scale, x + b.right * scale,
                                        y + 20 + b.bottom * scale), outline=(220, 0, 0), width=2)
        return sheet


__all__ = ["Recording", "distinct_frames", "select_frames"]
