"""The media checks' decisions (autoplay sound, WCAG 1.4.2; alternatives for prerecorded media, 1.2.1 and 1.2.8)
from facts, without a browser; reading audio tracks from container bytes; and, in Chromium, that an autoplay a
browser holds back is left for review, never passed or failed."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserType, Page

from uiagent.audit import AuditOptions, audit_page
from uiagent.audit.checks.media import (
    WINDOW_S,
    Verdict,
    audio_transcript,
    autoplay_control,
    autoplay_duration,
    composite,
    play_window,
    sound_in,
    sound_played,
    video_alternative_for_text,
    video_only_alternative,
    video_only_audio_alternative,
    video_only_transcript,
    video_transcript,
)
from uiagent.browser.launch import AUTOPLAY_FLAG, chromium_launch_args
from uiagent.capture.media import AudioContent, Inventory, MediaElement, MediaPage, audio_track_count, gather_media
from uiagent.capture import capture, load_page
from uiagent.config import Settings
from uiagent.demo import SiteServer

CORPUS = Path(__file__).parent / "corpus"
MEDIA = CORPUS / "media"
SOUND, QUIET = -20.0, None  # a window's level: speech-like, digital silence


def element(**facts: Any) -> MediaElement:
    """An unmuted video that autoplayed 3.6 s of a 10 s file, seen, with no controls."""
    base: dict[str, Any] = dict(
        selector="#m", tag="video", box={"x": 0, "y": 0, "width": 320, "height": 180}, autoplay=True, loop=False,
        controls=False, muted=False, volume=1.0, paused=False, ended=False, played=[(0.0, 3.6)], current_time=3.6,
        current_src="http://site/a.webm", sources=[], duration=10.0, streaming=False, ready_state=4,
        network_state=1, error=None, playback_rate=1.0, preload="auto", visible=True, in_tree=True, text_tracks=[],
        waited=2.0)
    return MediaElement.model_validate({**base, **facts})


def audio(levels: list[float | None], tracks: int | None = 1) -> AudioContent:
    return AudioContent(url="http://site/a.webm", tracks=tracks, db=levels,
                        peak=[0.0 if level is None else 0.3 for level in levels], duration=len(levels) * WINDOW_S)


def seconds(level: float | None, length: float) -> list[float | None]:
    return [level] * round(length / WINDOW_S)


def page_with(*elements: MediaElement, **inventory: Any) -> MediaPage:
    return MediaPage(elements=list(elements), inventory=Inventory(**inventory), audio={})


SPEECH = audio(seconds(SOUND, 10))
SILENCE = audio(seconds(QUIET, 10))
EMPTY_PAGE = page_with()


# -- what plays and what it holds ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("src", "window"), [
    ("http://site/a.mp3", (0.0, 10.0)),
    ("http://site/a.mp3#t=8", (8.0, 10.0)),
    ("http://site/a.mp4#t=2,4.5", (2.0, 4.5)),
    ("http://site/a.mp4#t=npt:0:02,00:00:04", (2.0, 4.0)),
    ("http://site/a.mp4#t=,2", (0.0, 2.0)),
    ("http://site/a.mp4#xywh=0,0,5,5&t=1,3", (1.0, 3.0)),
    ("http://site/a.mp4#t=5,2", (0.0, 10.0)),  # an end before the start: the browser ignores the fragment
    ("http://site/a.mp4#t=soon", (0.0, 10.0)),
    ("http://site/a.mp4#t=8,30", (8.0, 10.0)),  # cut at the duration
])
def test_the_play_window_follows_the_media_fragment(src: str, window: tuple[float, float]) -> None:
    assert play_window(element(current_src=src)) == window


def test_audio_is_sounding_silent_or_unknown_and_never_guessed() -> None:
    assert sound_in(SPEECH, 0, 10) == "sounding"
    assert sound_in(SILENCE, 0, 10) == "silent"
    assert sound_in(audio(seconds(QUIET, 5) + seconds(SOUND, 5)), 0, 5) == "silent"  # only the window counts
    assert sound_in(audio(seconds(QUIET, 9.5) + seconds(SOUND, 0.5)), 0, 10) == "unknown"  # a blip is not sound
    assert sound_in(audio(seconds(-70.0, 10)), 0, 10) == "unknown"  # faint noise: neither silent nor sounding
    assert sound_in(audio(seconds(QUIET, 10), tracks=2), 0, 10) == "unknown"  # another track may sound
    assert sound_in(audio(seconds(QUIET, 10), tracks=None), 0, 10) == "unknown"
    assert sound_in(AudioContent(url="u", tracks=0, reason="no audio track"), 0, 10) == "silent"
    assert sound_in(AudioContent(url="u", tracks=1, reason="could not be decoded"), 0, 10) == "unknown"
    assert sound_in(None, 0, 10) == "unknown"


def test_sound_played_counts_only_the_played_ranges() -> None:
    content = audio(seconds(SOUND, 2) + seconds(QUIET, 2) + seconds(SOUND, 6))
    assert sound_played(content, [(0.0, 3.5)]) == pytest.approx((2.0, 2.0))
    assert sound_played(content, [(0.0, 1.0), (5.0, 6.0)]) == pytest.approx((6.0, 2.0))
    assert sound_played(content, []) == (0.0, 0.0)


# -- 1.4.2 autoplay -----------------------------------------------------------------------------------------------

def test_sound_that_autoplays_past_3_seconds_without_a_control_fails_all_three_rules() -> None:
    target = element()
    duration, control = autoplay_duration(target, SPEECH), autoplay_control(target, SPEECH, page_with(target))
    assert duration.outcome == control.outcome == composite([duration, control]).outcome == "failed"


def test_native_controls_that_are_seen_pass_the_control_rule_and_so_1_4_2() -> None:
    target = element(controls=True)
    control = autoplay_control(target, SPEECH, page_with(target))
    assert control.outcome == "passed"
    assert composite([autoplay_duration(target, SPEECH), control]).outcome == "passed"
    hidden = element(controls=True, in_tree=False)  # inside aria-hidden: its controls do not count
    assert autoplay_control(hidden, SPEECH, page_with(hidden)).outcome == "failed"


def test_anything_that_may_be_a_control_is_left_for_review() -> None:
    target = element()
    for inventory in ({"control": 'button #stop'}, {"embedded": ["object #player"]}):
        verdict = autoplay_control(target, SPEECH, page_with(target, **inventory))
        assert verdict.outcome == "cantTell" and "may be a control" in verdict.reason
    other = element(selector="#other", tag="audio", controls=True, autoplay=False)
    assert autoplay_control(target, SPEECH, page_with(target, other)).outcome == "cantTell"
    assert composite([autoplay_duration(target, SPEECH),
                      autoplay_control(target, SPEECH, page_with(target, control="button #stop"))]).outcome == "cantTell"


@pytest.mark.parametrize(("facts", "content"), [
    ({"muted": True}, SPEECH),
    ({"volume": 0.0}, SPEECH),
    ({"autoplay": False}, SPEECH),
    ({}, SILENCE),
    ({}, AudioContent(url="u", tracks=0, reason="no audio track")),
    ({"duration": 2.5, "played": [(0.0, 2.5)], "ended": True, "paused": True}, SPEECH),
])
def test_muted_silent_short_or_not_autoplaying_media_is_not_a_target(facts: dict, content: AudioContent) -> None:
    target = element(**facts)
    for verdict in (autoplay_duration(target, content), autoplay_control(target, content, EMPTY_PAGE)):
        assert verdict.outcome == "inapplicable"


def test_autoplay_the_browser_held_back_is_left_for_review_never_passed_or_failed() -> None:
    blocked = element(paused=True, played=[], current_time=0.0, ready_state=4)
    for verdict in (autoplay_duration(blocked, SPEECH), autoplay_control(blocked, SPEECH, EMPTY_PAGE)):
        assert verdict.outcome == "cantTell" and "autoplay-policy" in verdict.reason
    loading = element(paused=True, played=[], current_time=0.0, ready_state=1, network_state=2)
    assert autoplay_duration(loading, SPEECH).outcome == "cantTell"


@pytest.mark.parametrize(("facts", "content", "words"), [
    # a fragment the browser did not honour (a server without range requests): observed and planned disagree
    ({"current_src": "http://site/a.webm#t=8", "played": [(0.0, 3.6)]}, SPEECH, "media fragment"),
    # stopped by a script after 2.5 s (technique G60): whether it stays stopped is not known
    ({"played": [(0.0, 2.5)], "paused": True}, SPEECH, "G60"),
    # a busy machine: less than 3 s played in the time watched
    ({"played": [(0.0, 1.2)], "waited": 6.0}, SPEECH, "busy machine"),
    # played 3.6 s but the sound is still to come
    ({}, audio(seconds(QUIET, 4) + seconds(SOUND, 6)), "sound may come later"),
    # not measured: a file that could not be fetched or decoded
    ({}, AudioContent(url="u", tracks=1, reason="fetching it answered HTTP 403"), "HTTP 403"),
    ({"error": 4, "network_state": 3}, SPEECH, "could not be loaded"),
    ({"duration": None, "streaming": True}, SPEECH, "stream"),
])
def test_what_was_not_seen_to_fail_is_left_for_review(facts: dict, content: AudioContent, words: str) -> None:
    verdict = autoplay_duration(element(**facts), content)
    assert verdict.outcome == "cantTell" and words in verdict.reason


def test_a_fragment_of_3_seconds_or_less_passes_when_playing_agrees() -> None:
    target = element(current_src="http://site/a.webm#t=8", played=[(8.0, 10.0)], paused=True, ended=True)
    assert autoplay_duration(target, SPEECH).outcome == "passed"
    assert composite([autoplay_duration(target, SPEECH), autoplay_control(target, SPEECH, EMPTY_PAGE)]).outcome == "passed"
    looping = element(current_src="http://site/a.webm#t=8", loop=True, played=[(0.0, 10.0)])
    assert autoplay_duration(looping, SPEECH).outcome == "failed"


def test_composite_rules_combine_as_act_says() -> None:
    failed, passed, unsure, none = Verdict("failed", "a"), Verdict("passed"), Verdict("cantTell", "b"), Verdict("inapplicable")
    assert composite([failed, failed]).outcome == "failed"
    assert composite([failed, passed]).outcome == "passed"
    assert composite([failed, unsure]) == Verdict("cantTell", "b")
    assert composite([none, none]).outcome == "inapplicable"


# -- 1.2 alternatives ---------------------------------------------------------------------------------------------

def still(**facts: Any) -> MediaElement:
    """A seen video with controls that nobody has played."""
    return element(**{"autoplay": False, "controls": True, "paused": True, "played": [], **facts})


def test_only_a_failed_success_criterion_is_a_violation_and_it_carries_its_failed_inputs() -> None:
    """A technique-level failure alone (sound past 3 s, but a control exists) fails no criterion: for a person.
    Where 1.4.2's composite fails, its one violation also stands for the inputs that failed."""
    import numpy as np

    from uiagent.audit.checks.base import CheckInput
    from uiagent.audit.checks.media import AUTOPLAY_AUDIO, _report
    from uiagent.capture.models import Box, Capture, DomFacts

    dom = DomFacts(url="http://site/", title="", lang="en", viewport_width=10, viewport_height=10, scroll_width=10,
                   scroll_height=10, elements=[], text_runs=[], focusables=[], images=[])
    context = CheckInput(page=None, settings=Settings(), capture=Capture.of(  # type: ignore[arg-type]
        pixels=np.zeros((10, 10, 3), dtype=np.uint8), url="http://site/", kind="full_page",
        origin=Box(x=0, y=0, width=10, height=10), stable=True, settle_ms=0, dom=dom))
    failed, passed = Verdict("failed", "played 5 s"), Verdict("passed", "its controls are shown")
    alone = _report(context, AUTOPLAY_AUDIO, element(), SPEECH, {"aaa1bf": failed, "4c31df": passed, "80f0bf": passed})
    assert [(f.rule, f.status, f.act, f.wcag, f.impact) for f in alone] == [
        ("autoplay-audio-duration", "needs-review", ["aaa1bf"], [], "minor")]
    assert alone[0].message == ("This video plays sound by itself for more than 3 seconds: played 5 s. That alone "
                                "fails no success criterion (technique G60): a person weighs it")
    both = _report(context, AUTOPLAY_AUDIO, element(), SPEECH, {"aaa1bf": failed, "4c31df": failed, "80f0bf": failed})
    assert [(f.rule, f.status, f.act, f.wcag, f.impact) for f in both] == [
        ("autoplay-audio", "violation", ["80f0bf", "aaa1bf", "4c31df"], ["1.4.2"], "serious")]


def test_a_video_without_sound_alone_on_the_page_has_no_alternative() -> None:
    video = still()
    page = page_with(video)
    verdicts = [video_only_transcript(video, SILENCE, page), video_only_audio_alternative(video, SILENCE, page),
                video_only_alternative(video, SILENCE, page), video_transcript(video, page)]
    assert [v.outcome for v in verdicts] == ["failed"] * 4
    assert video_alternative_for_text(video, SILENCE, page).outcome == "inapplicable"  # it has no sound


def test_any_candidate_alternative_is_left_for_review() -> None:
    video = still()
    hidden_text = page_with(video, text="A rabbit wakes up")  # in the tree, never seen (sr-only)
    assert video_only_transcript(video, SILENCE, hidden_text).outcome == "cantTell"
    assert video_transcript(video, hidden_text).outcome == "cantTell"
    seen_text = page_with(video, text="A rabbit", visible_text="A rabbit")
    assert video_only_alternative(video, SILENCE, seen_text).outcome == "cantTell"
    # text is no audio alternative: G166 still fails where the transcript rules cannot tell
    assert video_only_audio_alternative(video, SILENCE, seen_text).outcome == "failed"
    for page in (page_with(video, control="a #transcript"), page_with(video, scripts=1),
                 page_with(video, still(selector="#narration", tag="audio")),
                 page_with(video, embedded=["a frame that could not be read (x)"])):
        assert video_only_audio_alternative(video, SILENCE, page).outcome == "cantTell"
    two_tracks = audio(seconds(QUIET, 10), tracks=2)
    assert video_only_audio_alternative(video, two_tracks, page_with(video)).outcome == "cantTell"


def test_a_video_with_sound_and_no_text_that_may_be_seen_is_no_alternative_for_text() -> None:
    video = still()
    assert video_alternative_for_text(video, SPEECH, page_with(video, text="off-screen words")).outcome == "failed"
    assert video_alternative_for_text(video, SPEECH, page_with(video, text="x", visible_text="x")).outcome == "cantTell"
    assert video_alternative_for_text(video, SILENCE, page_with(video)).outcome == "inapplicable"
    assert video_alternative_for_text(video, None, page_with(video)).outcome == "cantTell"


@pytest.mark.parametrize("facts", [{"visible": False}, {"streaming": True, "duration": None}, {"tag": "audio"}])
def test_hidden_live_or_audio_elements_are_not_video_targets(facts: dict) -> None:
    video = still(**facts)
    for verdict in (video_only_transcript(video, SILENCE, EMPTY_PAGE), video_only_alternative(video, SILENCE, EMPTY_PAGE),
                    video_alternative_for_text(video, SPEECH, EMPTY_PAGE)):
        assert verdict.outcome == "inapplicable"


def test_media_that_did_not_load_is_left_for_review() -> None:
    broken, unloaded = still(error=4, network_state=3, duration=None), still(duration=None, preload="none")
    for video in (broken, unloaded):
        assert video_transcript(video, page_with(video)).outcome == "cantTell"
        assert video_only_alternative(video, None, page_with(video)).outcome == "cantTell"


def test_media_whose_file_is_missing_plays_no_sound_and_what_it_shows_is_not_known() -> None:
    """As ACT words the rules: those about media that contains audio do not apply (nothing can sound); those about
    video without audio do, and what it was meant to show needs a person."""
    gone = still(error=4, network_state=3, duration=None, missing="the server answers HTTP 404 for it")
    loud_gone = element(error=4, network_state=3, duration=None, played=[], paused=True,
                        missing="the file does not exist")
    sounding = [video_alternative_for_text(gone, None, page_with(gone)), autoplay_duration(loud_gone, None),
                autoplay_control(loud_gone, None, EMPTY_PAGE)]
    assert [v.outcome for v in sounding] == ["inapplicable"] * 3
    assert sounding[0].reason == "its media file is missing (the server answers HTTP 404 for it): it plays no sound"
    unknown = [video_transcript(gone, page_with(gone)), video_only_alternative(gone, None, page_with(gone)),
               audio_transcript(still(tag="audio", error=4, network_state=3, duration=None,
                                      missing="the file does not exist"), EMPTY_PAGE)]
    assert [v.outcome for v in unknown] == ["cantTell"] * 3
    assert "missing (the server answers HTTP 404 for it), so what it is meant to hold is not known" in unknown[0].reason
    # Nor is it an alternative for another video: beside one that plays, it is no candidate.
    video = still()
    assert video_only_audio_alternative(video, SILENCE, page_with(video, gone)).outcome == "failed"
    assert video_only_audio_alternative(video, SILENCE, page_with(video, still(selector="#n"))).outcome == "cantTell"


def test_audio_needs_a_transcript_when_it_can_be_played() -> None:
    player = still(tag="audio")
    assert audio_transcript(player, page_with(player)).outcome == "failed"
    assert audio_transcript(player, page_with(player, text="hidden words")).outcome == "failed"  # never seen
    assert audio_transcript(player, page_with(player, text="x", visible_text="x")).outcome == "cantTell"
    assert audio_transcript(player, page_with(player, control="a #transcript")).outcome == "cantTell"
    autoplayed = element(tag="audio", visible=False)  # no controls, but it played
    assert audio_transcript(autoplayed, page_with(autoplayed)).outcome == "failed"
    assert audio_transcript(still(tag="audio", controls=False, visible=False), EMPTY_PAGE).outcome == "inapplicable"
    assert audio_transcript(still(tag="audio", visible=False), EMPTY_PAGE).outcome == "inapplicable"


# -- containers ---------------------------------------------------------------------------------------------------

def box(kind: bytes, *content: bytes) -> bytes:
    body = b"".join(content)
    return struct.pack(">I4s", 8 + len(body), kind) + body


def mp4(*handlers: bytes) -> bytes:
    tracks = [box(b"trak", box(b"tkhd", bytes(84)), box(b"mdia", box(b"hdlr", bytes(8), handler, bytes(12))))
              for handler in handlers]
    return box(b"ftyp", b"isom", bytes(4)) + box(b"moov", box(b"mvhd", bytes(100)), *tracks) + box(b"mdat", bytes(16))


def test_audio_tracks_are_read_from_the_container() -> None:
    assert audio_track_count(mp4(b"vide", b"soun")) == 1
    assert audio_track_count(mp4(b"vide")) == 0
    assert audio_track_count(mp4(b"vide", b"soun", b"soun")) == 2
    assert audio_track_count(mp4(b"vide", b"soun")[:60]) is None  # truncated
    assert audio_track_count((MEDIA / "tone.webm").read_bytes()) == 1
    assert audio_track_count((MEDIA / "silent.webm").read_bytes()) == 1
    assert audio_track_count((MEDIA / "no-audio.webm").read_bytes()) == 0
    assert audio_track_count((MEDIA / "tone.wav").read_bytes()) == 1
    assert audio_track_count(b"OggS" + bytes(60)) is None  # not read here


# -- the browser --------------------------------------------------------------------------------------------------

def test_uiagents_chromium_lets_unmuted_autoplay_start_unless_the_caller_chose_a_policy() -> None:
    assert AUTOPLAY_FLAG in chromium_launch_args(Settings())["args"]
    own = chromium_launch_args(Settings(), base={"args": ["--autoplay-policy=user-gesture-required"]})["args"]
    assert AUTOPLAY_FLAG not in own and "--autoplay-policy=user-gesture-required" in own


class _FrameWithoutMedia:
    def __init__(self) -> None:
        self.calls = 0

    def evaluate(self, script: str, arg: Any = None) -> None:
        self.calls += 1
        return None


def test_a_page_without_media_costs_one_evaluate() -> None:
    frame = _FrameWithoutMedia()
    page = type("P", (), {"frames": [frame]})()
    assert gather_media(page, lambda e: True) is None  # type: ignore[arg-type]
    assert frame.calls == 1


@pytest.fixture(scope="module")
def corpus() -> Any:
    with SiteServer(CORPUS) as site:
        yield site


AUTOPLAY_ONLY = AuditOptions(only_act=frozenset({"80f0bf", "aaa1bf", "4c31df"}), skip=frozenset({"axe"}))
SETTINGS = Settings(network_idle_cap_s=0.5, stable_timeout_s=1.5)


def test_autoplay_is_paused_once_it_has_been_watched(page: Page, corpus: Any) -> None:
    load_page(page, corpus.url("media-autoplay.html"), timeout_s=10)
    audit = audit_page(page, AUTOPLAY_ONLY, SETTINGS)
    assert {(f.rule, f.status) for f in audit.findings if f.selector == "#loud"} >= {("autoplay-audio", "violation")}
    assert page.evaluate("[...document.querySelectorAll('audio, video')].every(e => e.paused)")


def test_autoplay_a_browser_holds_back_is_left_for_review(browser_type: BrowserType, corpus: Any) -> None:
    """A browser launched with Chromium's default policy (say, by the user) never starts unmuted autoplay: the
    check cannot know what would play, and says so instead of passing the page."""
    browser = browser_type.launch(**chromium_launch_args(
        Settings(), base={"args": ["--autoplay-policy=user-gesture-required"]}))
    try:
        page = browser.new_page()
        load_page(page, corpus.url("media-autoplay.html"), timeout_s=10)
        audit = audit_page(page, AUTOPLAY_ONLY, SETTINGS)
    finally:
        browser.close()
    loud = {f.rule: f for f in audit.findings if f.selector == "#loud"}
    assert {rule: f.status for rule, f in loud.items()} == {"autoplay-audio": "needs-review",
                                                            "autoplay-audio-duration": "needs-review",
                                                            "autoplay-audio-control": "needs-review"}
    assert "autoplay-policy" in loud["autoplay-audio"].message
    assert not [f for f in audit.findings if f.status == "violation"]


def test_a_missing_file_is_measured_and_a_silent_one_settles_axes_caption_question(page: Page, corpus: Any) -> None:
    """A 404 is missing (it plays no sound); a file that exists but will not play is not called missing; a file that
    holds no sound needs no captions, which settles axe's video-caption (it asks about every video without a
    track) as a pass, with the measurement."""
    load_page(page, corpus.url("media-missing.html"), timeout_s=10)
    media = gather_media(page, lambda element: element.tag == "video")
    assert media is not None
    missing = {element.selector: element.missing for element in media.elements}
    assert missing == {"#gone": "the server answers HTTP 404 for it", "#mute": "", "#broken": ""}
    audit = audit_page(page, AuditOptions(only_act=frozenset({"eac66b", "ab4d13", "1a02b0"})), SETTINGS)
    captions = {f.selector: f for f in audit.findings if f.rule == "video-caption"}
    assert captions["#mute"].status == "pass" and captions["#gone"].status == "pass"
    assert captions["#mute"].evidence["settled"] == ("measured in the media file: not applicable (its media file "
                                                     "holds no sound)")
    assert captions["#broken"].status == "needs-review"  # nothing measured: axe's question stands
    # Of what the page asks about #gone, only the rules about video without audio remain, for a person.
    assert {f.rule for f in audit.findings if f.selector == "#gone" and f.status != "pass"} <= {
        "video-only-transcript", "video-only-audio-alternative", "video-only-alternative", "video-transcript"}


def test_playing_video_does_not_keep_the_page_from_being_still(page: Page, corpus: Any) -> None:
    """A muted loop plays for as long as the page is open: the frames must agree around it, not inside it."""
    load_page(page, corpus.url("media-autoplay.html"), timeout_s=10)
    assert page.evaluate("!document.querySelector('#hushed').paused")
    shot = capture(page, "viewport", settings=Settings(network_idle_cap_s=0.5, stable_timeout_s=1.5))
    assert shot.stable and not [w for w in shot.warnings if "kept changing" in w]

