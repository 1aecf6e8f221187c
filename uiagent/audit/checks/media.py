"""Audio and video: sound that plays by itself (WCAG 1.4.2 Audio Control) and the alternatives prerecorded media
needs (1.2.1, 1.2.8), decided as the W3C ACT rules for them decide, from measured facts (uiagent/capture/media.py).

Each rule gives each audio or video element an outcome: inapplicable, passed, failed, or cantTell. A failure is
reported as a violation only when it was measured (sound that played for more than 3 s; nothing at all on the
page that could be a control or an alternative); whatever could not be measured or needs judgement (is this
text a transcript? does this button stop the sound?) is needs-review with the reason. Composite rules combine
their input rules' outcomes as ACT does.

Rules whose failure is not by itself a failure of a success criterion (a technique, or an input to a composite)
are reported without criteria (`wcag` empty) and with the technique in the evidence, and never as a violation:
the page may meet the criterion another way (a button that stops the sound, another alternative), so such a
failure alone is for a person to weigh. Where the composite rule fails too, its violation carries their ACT ids.

The autoplay check replaces axe's no-autoplay-audio (ACT 80f0bf too), which reads only the markup: it fails an
autoplay element longer than 3 s without a `controls` attribute even when its track is silence or the page has
buttons that stop it, and cannot tell whether anything played.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from uiagent.audit.checks.base import Check, CheckInput, CheckMessage
from uiagent.audit.findings import Finding, Impact
from uiagent.capture.media import (
    NETWORK_NO_SOURCE,
    WINDOW_S,
    AudioContent,
    MediaElement,
    MediaPage,
    complete_audio,
    gather_media,
    pause_autoplay,
)

Outcome = Literal["inapplicable", "passed", "failed", "cantTell"]
Sound = Literal["silent", "sounding", "unknown"]

AUTOPLAY_LIMIT_S = 3.0  # WCAG 1.4.2: sound that plays automatically for more than 3 seconds
SOUND_DB = -50.0  # a window whose RMS level is above this holds sound
SILENT_PEAK = 1e-4  # a stretch whose every sample stays below this is silence
MIN_SOUND_S = 1.0  # at least this much sound for audio to count as sounding
PLAYED_TOLERANCE_S = 0.25  # a play window may overrun by this much (events and ranges are not sample-exact)
HAVE_ENOUGH_DATA = 4


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reason: str = ""


INAPPLICABLE = Verdict("inapplicable")


@dataclass(frozen=True)
class MediaRule:
    rule: str  # the finding's rule id
    wcag: tuple[str, ...]
    technique: str | None
    impact: Impact
    failure: str  # what a failure means, for the message


RULES = {
    "80f0bf": MediaRule("autoplay-audio", ("1.4.2",), None, "serious",
                        "plays sound by itself for more than 3 seconds with no way to pause, stop or mute it"),
    "aaa1bf": MediaRule("autoplay-audio-duration", (), "G60", "minor",
                        "plays sound by itself for more than 3 seconds"),
    "4c31df": MediaRule("autoplay-audio-control", (), "G170", "minor",
                        "plays sound by itself with no control on the page to pause, stop or mute it"),
    "2eb176": MediaRule("audio-transcript", (), "G158", "minor", "has no transcript on the page"),
    "ee13b5": MediaRule("video-only-transcript", (), "G159", "minor",
                        "has no sound and no transcript on the page"),
    "d7ba54": MediaRule("video-only-audio-alternative", (), "G166", "minor",
                        "has no sound and no audio alternative on the page"),
    "c3232f": MediaRule("video-only-alternative", ("1.2.1",), None, "serious",
                        "has no sound and no alternative: no transcript, no audio alternative, and no text on "
                        "the page it stands in for"),
    "ab4d13": MediaRule("video-alternative-for-text", (), None, "minor",
                        "has sound and stands in for no text on the page, so it needs captions and audio "
                        "description of its own"),
    "1a02b0": MediaRule("video-transcript", ("1.2.8",), None, "moderate", "has no transcript on the page"),
}


# -- sound ---------------------------------------------------------------------------------------------------------

def play_window(element: MediaElement) -> tuple[float, float]:
    """The media time the element plays: its media fragment (#t=start,end) within the duration, else all."""
    duration = element.duration or 0.0
    start, end = 0.0, duration
    fragment = element.current_src.partition("#")[2]
    value = next((part[2:] for part in fragment.split("&") if part.startswith("t=")), None)
    if value is not None:
        first, _, last = value.removeprefix("npt:").partition(",")
        parsed_start = _clock(first) if first else 0.0
        parsed_end = _clock(last) if last else duration
        if parsed_start is not None and parsed_end is not None and parsed_start < parsed_end:
            start, end = min(parsed_start, duration), min(parsed_end, duration)
    return start, end


def _clock(text: str) -> float | None:
    """Media Fragments npt time: seconds, mm:ss or hh:mm:ss, with optional fraction."""
    match = re.fullmatch(r"(?:(?:(\d+):)?(\d+):)?(\d+(?:\.\d*)?)", text.strip())
    if not match:
        return None
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds)


def sound_in(content: AudioContent | None, start: float, end: float) -> Sound:
    """Whether the file's audio between start and end (media seconds) is silence, sound, or not known."""
    if content is None:
        return "unknown"
    if content.tracks == 0:
        return "silent"
    if content.db is None or content.peak is None:
        return "unknown"
    first, last = int(start / WINDOW_S), max(int(start / WINDOW_S) + 1, math.ceil(end / WINDOW_S))
    levels, peaks = content.db[first:last], content.peak[first:last]
    if sum(level is not None and level > SOUND_DB for level in levels) * WINDOW_S >= MIN_SOUND_S:
        return "sounding"
    # A file with another audio track might sound where the decoded (first) one is silent.
    if content.tracks == 1 and all(peak < SILENT_PEAK for peak in peaks):
        return "silent"
    return "unknown"


def sound_played(content: AudioContent, played: list[tuple[float, float]]) -> tuple[float, float]:
    """Over the ranges the element played: (from the first sound to the last, in s; how much sound, in s)."""
    levels = content.db or []
    windows = sorted({index for start, end in played
                      for index in range(int(start / WINDOW_S), min(len(levels), math.ceil(end / WINDOW_S)))
                      if (level := levels[index]) is not None and level > SOUND_DB})
    if not windows:
        return 0.0, 0.0
    return (windows[-1] + 1 - windows[0]) * WINDOW_S, len(windows) * WINDOW_S


def played_seconds(element: MediaElement) -> float:
    return sum(end - start for start, end in element.played)


# -- 1.4.2: autoplay --------------------------------------------------------------------------------------------

def autoplay_applicability(element: MediaElement, content: AudioContent | None) -> Verdict | None:
    """None when the element is a target of the autoplay rules (it autoplays sound from a file longer than
    3 s), else why not: inapplicable, or cantTell when that cannot be known."""
    if not element.autoplay or element.muted or element.volume == 0:
        return INAPPLICABLE
    if element.missing:
        return _missing_so_silent(element)
    if element.error is not None or element.network_state == NETWORK_NO_SOURCE:
        return Verdict("cantTell", "it has autoplay but its media could not be loaded, so what it would play is not known")
    if element.duration is not None and element.duration <= AUTOPLAY_LIMIT_S:
        return INAPPLICABLE
    sound = sound_in(content, *play_window(element)) if element.duration is not None else "unknown"
    if sound == "silent":
        return INAPPLICABLE
    if not element.played:
        if element.paused and element.ready_state >= HAVE_ENOUGH_DATA:
            return Verdict("cantTell", "it has autoplay and is unmuted but did not start: the browser's autoplay "
                           "policy held it back (uiagent's own Chromium runs with --autoplay-policy="
                           "no-user-gesture-required; a browser launched otherwise blocks unmuted autoplay), or "
                           "a script paused it before it played")
        return Verdict("cantTell", f"it has autoplay but had not started playing after {element.waited:.1f} s "
                       "(still loading)")
    if element.duration is None:
        return Verdict("cantTell", "it autoplays a stream, or media whose duration is not known")
    if sound == "unknown":
        reason = content.reason if content is not None and content.reason else "its audio could not be measured"
        return Verdict("cantTell", f"it autoplays, but whether it holds sound is not known: {reason}")
    return None


def autoplay_duration(element: MediaElement, content: AudioContent | None) -> Verdict:
    """ACT aaa1bf: the sound it plays by itself lasts no more than 3 seconds."""
    not_applicable = autoplay_applicability(element, content)
    if not_applicable is not None:
        return not_applicable
    assert content is not None  # sounding: it was measured
    start, end = play_window(element)
    rate = element.playback_rate or 1.0
    planned = math.inf if element.loop else (end - start) / rate
    played = played_seconds(element) / rate
    span, sound = sound_played(content, element.played)
    if planned > AUTOPLAY_LIMIT_S and played > AUTOPLAY_LIMIT_S and span > AUTOPLAY_LIMIT_S and sound >= MIN_SOUND_S:
        return Verdict("failed", f"it played {played:.1f} s by itself, {sound:.1f} s of it sound")
    if planned <= AUTOPLAY_LIMIT_S and (element.paused or element.ended) and played <= planned + PLAYED_TOLERANCE_S:
        return Verdict("passed", f"it plays {planned:.1f} s of its media and stopped")
    if planned <= AUTOPLAY_LIMIT_S < played:
        return Verdict("cantTell", f"its source asks for {planned:.1f} s (a media fragment) but {played:.1f} s "
                       "played: the browser could not start where the fragment says (does the server answer "
                       "range requests?)")
    if element.paused or element.ended:
        return Verdict("cantTell", f"it stopped after {played:.1f} s though its media plays longer: a script may "
                       "stop it within 3 s (technique G60), but whether it stays stopped is not known")
    if played > AUTOPLAY_LIMIT_S:
        return Verdict("cantTell", f"it played {played:.1f} s by itself, but only {sound:.1f} s of that held "
                       "sound: its sound may come later")
    return Verdict("cantTell", f"only {played:.1f} s of playing could be watched in {element.waited:.1f} s "
                   "(a busy machine or a slow download): more than 3 s of sound was not seen")


def autoplay_control(element: MediaElement, content: AudioContent | None, page: MediaPage) -> Verdict:
    """ACT 4c31df: a visible, named control in the accessibility tree can pause, stop or mute it."""
    not_applicable = autoplay_applicability(element, content)
    if not_applicable is not None:
        return not_applicable
    if element.controls and element.visible and element.in_tree:
        return Verdict("passed", "its own controls are shown")
    candidate = _first_candidate(page, element, ("control", "media-controls", "embedded"))
    if candidate is not None:
        return Verdict("cantTell", f"{candidate} may be a control that stops it; whether it does is not verified")
    return Verdict("failed", "it has no controls of its own shown, and the page has no link or control in the "
                   "accessibility tree with a name")


def composite(verdicts: list[Verdict]) -> Verdict:
    """An ACT composite rule's outcome on a target from its input rules' outcomes there: failed when every
    input failed, passed when one passed, else cantTell."""
    applicable = [v for v in verdicts if v.outcome != "inapplicable"]
    if not applicable:
        return INAPPLICABLE
    passed = next((v for v in applicable if v.outcome == "passed"), None)
    if passed is not None:
        return passed
    if all(v.outcome == "failed" for v in verdicts):
        return Verdict("failed", "; ".join(v.reason for v in verdicts))
    return Verdict("cantTell", "; ".join(v.reason for v in applicable if v.outcome == "cantTell"))


# -- 1.2: alternatives ------------------------------------------------------------------------------------------

def _media_target(element: MediaElement) -> Verdict | None:
    """None when the element is prerecorded media with a known duration; else why it is not a target."""
    if element.streaming:
        return INAPPLICABLE  # live: the prerecorded rules do not apply
    if element.missing:
        return Verdict("cantTell", f"its media file is missing ({element.missing}), so what it is meant to hold is "
                       "not known")
    if element.error is not None or element.network_state == NETWORK_NO_SOURCE:
        return Verdict("cantTell", "its media could not be loaded, so what it holds is not known")
    if element.duration is None:
        return Verdict("cantTell", "its media has not loaded (preload=none, or still loading), so its duration "
                       "is not known")
    return None


def _missing_so_silent(element: MediaElement) -> Verdict:
    """Media whose file does not exist certainly plays no sound: rules about media that contains audio do not
    apply. (Rules about media without audio do, as ACT words them; what its pictures were meant to show is not
    known, so those ask a person.)"""
    return Verdict("inapplicable", f"its media file is missing ({element.missing}): it plays no sound")


def _video_target(element: MediaElement, content: AudioContent | None, wanted: Sound | None) -> Verdict | None:
    """None when the element is a seen, prerecorded video whose audio is `wanted` (any, when None)."""
    if element.tag != "video" or not element.visible:
        return INAPPLICABLE
    if element.missing and wanted == "sounding":
        return _missing_so_silent(element)
    not_target = _media_target(element)
    if not_target is not None or wanted is None:
        return not_target
    sound = sound_in(content, *play_window(element))
    if sound == "unknown":
        reason = content.reason if content is not None and content.reason else "its audio could not be measured"
        return Verdict("cantTell", f"whether the video holds sound is not known: {reason}")
    return None if sound == wanted else INAPPLICABLE


def _first_candidate(page: MediaPage, target: MediaElement, kinds: tuple[str, ...]) -> str | None:
    """The first thing of these kinds on the page that could be what a rule asks for, described for a person;
    None when there is certainly none."""
    inventory = page.inventory
    others = [e for e in page.elements if e is not target and not e.missing]  # (a missing file plays nothing)
    with_controls = [e for e in others if e.controls and e.in_tree]
    found: dict[str, str | None] = {
        "text": f'the text "{inventory.text}"' if inventory.text else None,
        "visible-text": f'the text "{inventory.visible_text}"' if inventory.visible_text else None,
        "control": f"the control {inventory.control}" if inventory.control else None,
        "media-controls": f"the controls of the {with_controls[0].tag} {with_controls[0].selector}" if with_controls else None,
        "other-media": f"the {others[0].tag} {others[0].selector}" if others else None,
        "embedded": (f"embedded content ({inventory.embedded[0]}) that could not be looked into"
                     if inventory.embedded else None),
        "scripts": f"{inventory.scripts} script(s) that may play audio of their own" if inventory.scripts else None,
    }
    return next((found[kind] for kind in kinds if found[kind]), None)


def _absent(page: MediaPage, element: MediaElement, kinds: tuple[str, ...], failure: str, wanted: str) -> Verdict:
    candidate = _first_candidate(page, element, (*kinds, "embedded"))
    if candidate is None:
        return Verdict("failed", failure)
    return Verdict("cantTell", f"{candidate} may be {wanted}; whether it is needs a person (or a model)")


def audio_transcript(element: MediaElement, page: MediaPage) -> Verdict:
    """ACT 2eb176: audio a user plays (or that plays itself) has a transcript on the page."""
    if element.tag != "audio":
        return INAPPLICABLE
    if not (element.controls and element.visible) and not (element.autoplay and element.played):
        if element.autoplay and not element.muted:
            return Verdict("cantTell", "it has autoplay but did not play, and no controls are shown")
        return INAPPLICABLE  # nothing starts it: no controls shown, no autoplay
    not_target = _media_target(element)
    if not_target is not None:
        return not_target
    return _absent(page, element, ("visible-text", "control"), "the page has no other text that may be seen and "
                   "no link or control", "its transcript, or a link to one")


def video_only_transcript(element: MediaElement, content: AudioContent | None, page: MediaPage) -> Verdict:
    """ACT ee13b5: a video without sound has a transcript (text or a link in the accessibility tree)."""
    return _video_target(element, content, "silent") or _absent(
        page, element, ("text", "control"), "the page has no other text and no link or control in the "
        "accessibility tree", "its transcript, or a link to one")


def video_only_text_alternative(element: MediaElement, content: AudioContent | None, page: MediaPage) -> Verdict:
    """ACT fd26cf: a video without sound is an alternative for text on the page (text that may be seen)."""
    return _video_target(element, content, "silent") or _absent(
        page, element, ("visible-text",), "the page has no other text that may be seen",
        "text the video is an alternative for")


def video_only_audio_alternative(element: MediaElement, content: AudioContent | None, page: MediaPage) -> Verdict:
    """ACT d7ba54: a video without sound has an audio alternative (another audio track, other media on the
    page, a control to get one)."""
    not_target = _video_target(element, content, "silent")
    if not_target is not None:
        return not_target
    if content is None or content.tracks is None or content.tracks > 1:
        tracks = "an unknown number of" if content is None or content.tracks is None else str(content.tracks)
        return Verdict("cantTell", f"its file has {tracks} audio tracks: another track may describe it")
    return _absent(page, element, ("control", "other-media", "scripts"), "its file has no sounding audio track, "
                   "and the page has no other audio or video, no link or control and no script",
                   "an audio alternative")


def video_only_alternative(element: MediaElement, content: AudioContent | None, page: MediaPage) -> Verdict:
    """ACT c3232f (WCAG 1.2.1): a video without sound has a transcript, an audio alternative, or is itself an
    alternative for text."""
    return composite([video_only_text_alternative(element, content, page),
                      video_only_transcript(element, content, page),
                      video_only_audio_alternative(element, content, page)])


def video_alternative_for_text(element: MediaElement, content: AudioContent | None, page: MediaPage) -> Verdict:
    """ACT ab4d13: a video with sound is an alternative for text on the page (text that may be seen)."""
    return _video_target(element, content, "sounding") or _absent(
        page, element, ("visible-text",), "the page has no other text that may be seen",
        "text the video is an alternative for")


def video_transcript(element: MediaElement, page: MediaPage) -> Verdict:
    """ACT 1a02b0 (WCAG 1.2.8): a video has a transcript (text or a link in the accessibility tree)."""
    return _video_target(element, None, None) or _absent(
        page, element, ("text", "control"), "the page has no other text and no link or control in the "
        "accessibility tree", "its transcript, or a link to one")


# -- findings ------------------------------------------------------------------------------------------------------

def media_on_page(context: CheckInput, wants_audio: Callable[[MediaElement], bool]) -> MediaPage | None:
    """The page's media facts, measured once per audit and shared by the media checks, with the audio of the
    elements `wants_audio` picks measured. Measuring them pauses the autoplay it watched."""
    cached = context.measurements.get("media", False)
    if cached is False:
        cached = gather_media(context.page, wants_audio)
        if cached is not None:
            if context.capture.closed_shadow_roots:
                # What a closed shadow root holds (a player's controls, a transcript) cannot be seen from here.
                cached.inventory.embedded.append(f"{context.capture.closed_shadow_roots} closed shadow root(s)")
            if any(element.autoplay and not element.paused for element in cached.elements):
                # Watched, they are paused: playing on, they would slow down (and change the pixels of) the
                # checks after this one.
                pause_autoplay(context.page)
        context.measurements["media"] = cached
    if cached is not None:
        complete_audio(context.page, cached, wants_audio)
    return cached


def _autoplays_sound(element: MediaElement) -> bool:
    return element.autoplay and not element.muted and element.volume > 0


def _seen_video(element: MediaElement) -> bool:
    return element.tag == "video" and element.visible


# Composite rules of a success criterion and the input rules a failure of theirs implies failed too.
COMPOSITES = {"80f0bf": ("aaa1bf", "4c31df"), "c3232f": ("ee13b5", "d7ba54")}


def _finding(context: CheckInput, check: Check, element: MediaElement, act: str, verdict: Verdict,
             content: AudioContent | None, also: tuple[str, ...] = ()) -> Finding | None:
    if verdict.outcome in ("inapplicable", "passed"):
        return None
    rule = RULES[act]
    failed = verdict.outcome == "failed" and bool(rule.wcag)
    evidence: dict[str, object] = {
        "tag": element.tag, "src": element.resource, "duration": element.duration, "autoplay": element.autoplay,
        "muted": element.muted, "played": [[round(s, 2), round(e, 2)] for s, e in element.played],
        "controls": element.controls, "reason": verdict.reason,
    }
    if rule.technique:
        evidence["technique"] = rule.technique
    if content is not None:
        evidence["audio_tracks"] = content.tracks
    said = f"{act}-failed" if verdict.outcome == "failed" else f"{act}-undecided"
    finding = context.finding(check, said, selector=element.selector, box=element.box,
                              status="violation" if failed else "needs-review", **evidence)
    return finding.model_copy(update={"act": [act, *also]})


def _messages(acts: tuple[str, ...]) -> dict[str, CheckMessage]:
    """Each ACT rule's two messages: failed (a technique's failure alone fails no criterion: a person weighs it),
    and undecided."""
    messages = {}
    for act in acts:
        rule = RULES[act]
        failed = f"This {{tag}} {rule.failure}: {{reason}}"
        if not rule.wcag:
            failed += f". That alone fails no success criterion (technique {rule.technique or act}): a person weighs it"
        messages[f"{act}-failed"] = CheckMessage(failed, rule.rule, rule.wcag, rule.impact)
        messages[f"{act}-undecided"] = CheckMessage(f"Not decided whether this {{tag}} {rule.failure}: {{reason}}",
                                               rule.rule, rule.wcag, rule.impact)
    return messages


def _report(context: CheckInput, check: Check, element: MediaElement, content: AudioContent | None,
            verdicts: dict[str, Verdict]) -> list[Finding]:
    """A finding per rule that did not pass; the inputs of a failed composite ride on its violation."""
    covered = {act: tuple(i for i in COMPOSITES.get(act, ()) if verdicts.get(i, INAPPLICABLE).outcome == "failed")
               for act, verdict in verdicts.items() if verdict.outcome == "failed" and RULES[act].wcag}
    inside = {i for inputs in covered.values() for i in inputs}
    return [f for act, verdict in verdicts.items() if act not in inside
            and (f := _finding(context, check, element, act, verdict, content, covered.get(act, ())))]


def check_autoplay_audio(context: CheckInput) -> list[Finding]:
    media = media_on_page(context, _autoplays_sound)
    if media is None:
        return []
    findings = []
    for element in media.elements:
        content = media.audio_of(element)
        duration, control = autoplay_duration(element, content), autoplay_control(element, content, media)
        findings += _report(context, AUTOPLAY_AUDIO, element, content,
                            {"aaa1bf": duration, "4c31df": control, "80f0bf": composite([duration, control])})
    return findings


def check_media_alternatives(context: CheckInput) -> list[Finding]:
    media = media_on_page(context, _seen_video)
    if media is None:
        return []
    findings = []
    for element in media.elements:
        content = media.audio_of(element)
        unheard = _no_audio(element, content)
        if unheard:
            # What settles axe's video-caption, which asks a person about every video without a captions track.
            context.measurements.setdefault("video-sound", {})[element.selector] = {"status": "not-applicable",
                                                                                    "reason": unheard}
        findings += _report(context, MEDIA_ALTERNATIVES, element, content, {
            "2eb176": audio_transcript(element, media),
            "ee13b5": video_only_transcript(element, content, media),
            "d7ba54": video_only_audio_alternative(element, content, media),
            "c3232f": video_only_alternative(element, content, media),
            "ab4d13": video_alternative_for_text(element, content, media),
        })
    return findings


def _no_audio(element: MediaElement, content: AudioContent | None) -> str:
    """Why a video is measured to have no auditory content (no captions are needed), or empty."""
    if element.tag != "video":
        return ""
    if element.missing:
        return f"its media file is missing ({element.missing})"
    if element.duration is not None and not element.streaming and sound_in(content, *play_window(element)) == "silent":
        return "its media file holds no sound"
    return ""


def check_media_transcript(context: CheckInput) -> list[Finding]:
    media = media_on_page(context, lambda element: False)
    if media is None:
        return []
    return [f for element in media.elements
            if (f := _finding(context, MEDIA_TRANSCRIPT, element, "1a02b0", video_transcript(element, media),
                              media.audio_of(element)))]


def check_broken_media(context: CheckInput) -> list[Finding]:
    """Audio and video whose media file is missing: a defect of the page, like an image that does not load, which
    the rules about what media holds cannot report (a missing file holds nothing to measure)."""
    media = media_on_page(context, lambda element: False)
    if media is None:
        return []
    return [context.finding(BROKEN_MEDIA, "missing", selector=element.selector, box=element.box, tag=element.tag,
                            src=element.resource, missing=element.missing)
            for element in media.elements if element.missing]


AUTOPLAY_ACTS, ALTERNATIVE_ACTS = ("80f0bf", "aaa1bf", "4c31df"), ("2eb176", "ee13b5", "d7ba54", "c3232f", "ab4d13")
AUTOPLAY_AUDIO = Check(
    "autoplay-audio", ("1.4.2",), "Audio or video that plays sound by itself stops within 3 seconds or can be paused "
    "or muted; the sound is measured in the file and the playing watched.", check_autoplay_audio,
    act=AUTOPLAY_ACTS, replaces=("no-autoplay-audio",), messages=_messages(AUTOPLAY_ACTS))
MEDIA_ALTERNATIVES = Check(
    "media-alternatives", ("1.2.1",), "Prerecorded audio-only and video-only media has an alternative on the page "
    "(a transcript, an audio track, text it stands for): failed only when there is certainly none.",
    check_media_alternatives, act=ALTERNATIVE_ACTS, messages=_messages(ALTERNATIVE_ACTS))
MEDIA_TRANSCRIPT = Check(
    "media-transcript", ("1.2.8",), "Prerecorded video has a transcript on the page (WCAG 1.2.8, AAA): failed only "
    "when there is certainly none.", check_media_transcript, act=("1a02b0",), messages=_messages(("1a02b0",)))
BROKEN_MEDIA = Check("broken-media", (), "Audio and video whose media file is missing (the server answers 404 or 410).",
                     check_broken_media, messages={"missing": "This {tag} plays nothing: its media file {src:.200} is "
                                                              "missing ({missing})"})
