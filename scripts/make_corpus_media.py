"""Regenerates the labelled corpus's media files in tests/corpus/media/ (committed; run only when changing them).

tone.wav: 5 s of a 440 Hz tone (8-bit, 8 kHz mono), for audio that plays more than 3 s;
chime.wav: 2 s of a 660 Hz tone, for sound short enough to autoplay;
tone.webm: 5 s of a test card (VP8, 160x90, 8 fps) with a 440 Hz tone (Vorbis): a video with sound;
silent.webm: the same picture with an audio track of digital silence: a video without sound;
no-audio.webm: the same picture with no audio track at all.

The .webm files need an ffmpeg with libvpx and libvorbis: `FFMPEG=/path/to/ffmpeg python scripts/make_corpus_media.py`
(the imageio-ffmpeg wheel ships one); without it only the .wav files are written.
"""

import math
import os
import shutil
import subprocess
import wave
from pathlib import Path

MEDIA = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "media"
PICTURE = ["-f", "lavfi", "-i", "testsrc2=size=160x90:rate=8:duration=5"]
VIDEO = ["-c:v", "libvpx", "-b:v", "60k"]
AUDIO = ["-c:a", "libvorbis", "-ac", "1", "-ar", "16000", "-q:a", "0"]


def tone(name: str, seconds: float, hertz: float, rate: int = 8000) -> None:
    with wave.open(str(MEDIA / name), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(bytes(128 + round(60 * math.sin(2 * math.pi * hertz * i / rate)) for i in range(int(seconds * rate))))


def webm(ffmpeg: str, name: str, *sound: str) -> None:
    subprocess.run([ffmpeg, "-hide_banner", "-loglevel", "error", "-y", *PICTURE, *sound, *VIDEO,
                    *(AUDIO if sound else ["-an"]), "-t", "5", str(MEDIA / name)], check=True)


def main() -> None:
    MEDIA.mkdir(parents=True, exist_ok=True)
    tone("tone.wav", 5, 440)
    tone("chime.wav", 2, 660)
    ffmpeg = os.environ.get("FFMPEG") or shutil.which("ffmpeg")
    if not ffmpeg:
        print("no ffmpeg: the .webm files were left as they are")
        return
    webm(ffmpeg, "tone.webm", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000:duration=5")
    webm(ffmpeg, "silent.webm", "-f", "lavfi", "-i", "anullsrc=channel_layout=mono:sample_rate=16000")
    webm(ffmpeg, "no-audio.webm")


if __name__ == "__main__":
    main()
