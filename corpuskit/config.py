"""Every tunable of corpuskit in one place.

Defaults live in :class:`Settings`. A project overrides them in ``pyproject.toml`` under
``[tool.corpuskit]`` (same names), and command-line flags override both. Settings that
change the output bytes are part of the build fingerprint, so every field here must be
JSON-serialisable and deterministic.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


@dataclass(frozen=True)
class Settings:
    # --- dataset identity -------------------------------------------------------------
    name: str = "corpuskit-dataset"
    pretty_name: str = ""
    license: str = "other"
    citation: str = ""
    description: str = ""
    # Hugging Face Hub dataset repository (ORG/NAME) the versions are published to: named in the
    # card and croissant.json, and the default of `corpuskit publish --repo-id`.
    hub_repo_id: str = ""

    # --- inputs and outputs -----------------------------------------------------------
    inputs: tuple[str, ...] = ("seeds/*.txt",)
    output_dir: str = "dist"

    # --- decoding ----------------------------------------------------------------------
    # Documents larger than this (bytes) are refused with a reason instead of cleaned.
    max_doc_bytes: int = 10_000_000
    # A document whose stages run longer than this (seconds) is refused with a reason; 0 is
    # off. Generous on purpose: it stops pathological inputs, and a limit a normal document
    # can reach would make the output depend on the machine's speed.
    max_doc_seconds: float = 60.0

    # --- HTML extraction (trafilatura) ---------------------------------------------------
    # A page whose extraction takes longer is reported in `removed` and the build goes on.
    extract_timeout_s: float = 30.0
    # trafilatura's fast mode skips its fallback extractors: about 2x faster, but it lost
    # check F1 on trafilatura's own test pages (0.929 -> 0.921), so it is off by default.
    extract_fast: bool = False
    # trafilatura keeps the first container its rules find; on pages that split the article
    # over several containers of one kind (wired.com) the others come back from the page
    # (corpuskit/extract/sections.py): aeb_html token recall 0.969 -> 0.986, precision unchanged.
    extract_sections: bool = True
    # With extract_sections: the lead paragraph between the headline and the body, which
    # trafilatura drops when its container is named "teaser". trafilatura's checks count it
    # as article text (check F1 0.933 -> 0.938), the article-extraction gold does not
    # (token precision 0.955 -> 0.952).
    extract_standfirst: bool = True
    # The trained HTML scorer that decides which rendered lines of a page are its content, with
    # trafilatura's choice and the page's DOM as evidence (corpuskit/extract/scorer.py): "" the
    # packaged model, a path to one written by scripts/train_html.py, or "none" for trafilatura's
    # text alone (then extract_fast, extract_sections and extract_standfirst apply).
    html_model: str = ""

    # --- cleaning ----------------------------------------------------------------------
    # Categories of rules switched off, e.g. ["related"] to keep "Also Read" links.
    disabled_categories: tuple[str, ...] = ()
    # Site-specific patterns: {"category": ["regex", ...]}; matched against whole lines.
    extra_patterns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The trained line scorer that decides which lines of plain text are the article, with the
    # rules as its evidence (corpuskit/clean/scorer.py): "" the packaged model, a path to a
    # model written by scripts/train_cleaner.py, or "none" for the rules alone.
    cleaner_model: str = ""

    # --- lines recurring across a source (corpuskit/crossdoc_pass.py) ----------------------
    # A line of a document's text (compared without case, digits and punctuation) is removed
    # from every document of its source (the URL's host, else the input's folder) when at least
    # crossdoc_min_docs of the source's documents hold it AND at least crossdoc_min_share of
    # them. Precision first: site furniture sits on most of a site's pages, while a sentence a
    # few articles quote stays; a line on all 5 pages of a 5-page folder is not evidence enough.
    # disabled_categories = ["recurring"] turns the pass off.
    crossdoc_min_docs: int = 10
    crossdoc_min_share: float = 0.2

    # --- language ----------------------------------------------------------------------
    languages: tuple[str, ...] = ("en", "de", "fr", "es")
    # langdetect reads at most this many characters: its cost grows with the text while
    # its answer settles within the first paragraphs. On the 526 cleaned dev bodies every
    # sample from 250 characters up gave the whole body's label (scripts/bench_lang.py).
    lang_max_chars: int = 500
    lang_seed: int = 0
    # langdetect's n_trial: how many seeded random walks over the n-grams it averages. Its
    # default is 7; with 500-character samples 2 walks give the label of the whole body with 7
    # walks on all 526 cleaned dev bodies, at 2,159 documents per CPU-second against 545
    # (scripts/bench_lang.py --sizes 0,1000,500 --trials 7,3,2,1).
    lang_trials: int = 2

    # --- duplicates (corpuskit/dedup.py) ---------------------------------------------------
    # "mark" fills dup_cluster/is_duplicate and keeps every row; "drop" moves every
    # duplicate but the smallest id of its cluster to the `removed` config.
    dedup_mode: str = "mark"
    # Estimated Jaccard similarity of word-shingle counts at or above which two documents are
    # near duplicates.
    dedup_threshold: float = 0.8
    # Words per shingle. 1 keeps syndicated copies with shuffled sentences and 2-10% edited
    # words above 0.8, where word 5-grams fall below it (scripts/bench_dedup.py).
    dedup_ngram: int = 1
    # Each repeat of a shingle counts (the second "the" is an element of its own): Jaccard of word
    # counts rather than of word sets, which an edit moves by the same amount in short and long
    # documents (see corpuskit/dedup.py).
    dedup_multiset: bool = True
    dedup_num_perm: int = 256
    # LSH bands; num_perm / bands values per band. 32 x 8 makes a candidate of 99.7% of pairs at
    # Jaccard 0.8 and of 12% at 0.5; every candidate is then checked against the threshold.
    dedup_bands: int = 32
    dedup_seed: int = 0
    # Also look for duplicates among the previous version's documents that this build no longer holds.
    dedup_against_previous: bool = True

    # --- quality filters (corpuskit/signals.py) -------------------------------------------
    # Documents outside these bounds go to `removed` with rule quality.<name>; 0 turns a filter off.
    quality_min_words: int = 0
    quality_max_words: int = 0
    quality_min_mean_word_length: float = 0.0
    quality_max_mean_word_length: float = 0.0
    quality_min_alpha_words_ratio: float = 0.0
    quality_min_stop_words_ratio: float = 0.0
    quality_min_line_punct_ratio: float = 0.0
    quality_max_short_line_ratio: float = 0.0
    quality_max_dup_line_char_ratio: float = 0.0
    quality_max_top_2gram_char_ratio: float = 0.0
    quality_max_top_3gram_char_ratio: float = 0.0
    quality_max_top_4gram_char_ratio: float = 0.0
    quality_min_language_score: float = 0.0

    # --- seed checks (corpuskit/seeds/) -----------------------------
    # The folder `check` and `index` look at when given no files.
    seed_dir: str = "seeds"
    # A seed needs at least this many words of article text after cleaning.
    check_min_words: int = 100
    # Seeds larger than this (bytes) are refused: a news article is a few to a few tens of KB.
    check_max_bytes: int = 200_000

    # --- packaging ---------------------------------------------------------------------
    rows_per_shard: int = 50_000
    row_group_size: int = 10_000
    compression: str = "zstd"

    # --- execution ---------------------------------------------------------------------
    workers: int = 1
    engine: str = "local"
    ray_address: str = ""
    # Inputs per segment, the unit of work of an engine and of ``build --resume``.
    segment_inputs: int = 1000

    def fingerprint_dict(self) -> dict[str, Any]:
        """The settings that shape the output bytes (execution settings do not)."""
        d = self.to_dict()
        execution = ("workers", "engine", "ray_address", "segment_inputs", "output_dir", "seed_dir")
        for k in (*execution, "check_min_words", "check_max_bytes"):
            d.pop(k, None)
        # Inputs are the union of the globs, read in path order: the order they are listed in does not matter.
        d["inputs"] = sorted(set(self.inputs))
        return d

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["inputs"] = list(self.inputs)
        d["languages"] = list(self.languages)
        d["disabled_categories"] = list(self.disabled_categories)
        d["extra_patterns"] = {k: list(v) for k, v in sorted(self.extra_patterns.items())}
        return d

    def replace(self, **overrides: Any) -> Settings:
        """Return a copy with ``overrides`` applied (``None`` values are ignored)."""
        return _coerce(self, {k: v for k, v in overrides.items() if v is not None})


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


class SettingsError(ValueError):
    """A setting has an unknown name or a value the build cannot honour."""


# Names pyarrow's Parquet writer accepts (pyarrow.parquet.write_table); checked here so that a typo
# fails when the settings load, not deep in the writer after the cleaning.
COMPRESSIONS = ("zstd", "snappy", "gzip", "brotli", "lz4", "none")
ENGINES = ("local", "ray")
DEDUP_MODES = ("mark", "drop")
# More worker processes than this many per CPU only add memory and start-up time; a bound well
# above the CPUs keeps a 1-CPU machine able to run the 2-worker tests.
WORKERS_PER_CPU = 4


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _suggest(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return f"did you mean {close[0]}?" if close else "known: " + ", ".join(sorted(known))


def _at_least(n: float) -> tuple[Callable[[Any], bool], str]:
    return (lambda v: v >= n), f"must be at least {n}"


def _share() -> tuple[Callable[[Any], bool], str]:
    return (lambda v: 0.0 <= v <= 1.0), "must be between 0 and 1"


# Per-setting ranges: (test, what the value must be). Settings not named take any value of their type.
_RANGES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "max_doc_bytes": _at_least(1),
    "max_doc_seconds": _at_least(0),
    "extract_timeout_s": ((lambda v: v > 0), "must be above 0"),
    "crossdoc_min_docs": (
        (lambda v: v >= 2),
        "must be at least 2 (a line in one document does not recur); "
        "disabled_categories = ['recurring'] turns the pass off",
    ),
    "crossdoc_min_share": _share(),
    "lang_max_chars": _at_least(1),
    "lang_trials": _at_least(1),
    "dedup_threshold": ((lambda v: 0.0 < v <= 1.0), "must be above 0 and at most 1"),
    "dedup_ngram": _at_least(1),
    "dedup_num_perm": _at_least(1),
    "dedup_bands": _at_least(1),
    "check_min_words": _at_least(0),
    "check_max_bytes": _at_least(1),
    "rows_per_shard": _at_least(1),
    "row_group_size": _at_least(1),
    "workers": _at_least(1),
    "segment_inputs": _at_least(1),
    **{f: (_share() if ("ratio" in f or "score" in f) else _at_least(0)) for f in _FIELDS if f.startswith("quality_")},
}
_CHOICES: dict[str, tuple[str, ...]] = {"compression": COMPRESSIONS, "engine": ENGINES, "dedup_mode": DEDUP_MODES}


def known_categories(extra_patterns: Mapping[str, Any] = {}) -> set[str]:  # noqa: B006 - read only
    """The names ``disabled_categories`` may hold: the built-in rules', the recurring-line pass's
    and the site-specific ones."""
    from .clean.crossdoc import CATEGORY
    from .clean.rules import RULES

    return {r.category for r in RULES} | {CATEGORY} | set(extra_patterns)


def _problem(key: str, value: Any, settings: Settings) -> str | None:
    """What is wrong with ``settings.key`` (already of the right type), or None."""
    if key in _RANGES:
        test, requirement = _RANGES[key]
        if not test(value):
            return f"{requirement}, got {value!r}"
    if key in _CHOICES and value not in _CHOICES[key]:
        return f"must be one of {', '.join(_CHOICES[key])}, got {value!r} ({_suggest(value, _CHOICES[key])})"
    if key == "workers" and settings.engine == "local" and value > WORKERS_PER_CPU * _cpus():
        return f"{value} is more than {WORKERS_PER_CPU} per CPU of this machine ({_cpus()} CPUs)"
    if key == "dedup_num_perm" and settings.dedup_bands >= 1 and value % settings.dedup_bands:
        return f"must be a multiple of dedup_bands ({settings.dedup_bands}), got {value}"
    if key == "dedup_bands" and value >= 1 and settings.dedup_num_perm % value:
        return f"must divide dedup_num_perm ({settings.dedup_num_perm}), got {value}"
    if key == "name" and (Path(value).name != value or value in ("", ".", "..")):
        return f"{value!r} must be a plain folder name: nothing is written outside it"
    if key == "disabled_categories":
        known = known_categories(settings.extra_patterns)
        for category in value:
            if category not in known:
                return f"unknown category {category!r} ({_suggest(category, known)})"
    if key == "extra_patterns":
        for category, patterns in sorted(value.items()):
            for pattern in patterns:
                try:
                    re.compile(r"^(?:" + pattern + r")$", re.IGNORECASE)
                except re.error as exc:
                    return f"{category}: pattern {pattern!r} is not a valid regular expression: {exc}"
    return None


def _coerce(
    base: Settings, values: dict[str, Any], where: Callable[[str], str] = lambda k: f"settings: {k}"
) -> Settings:
    clean: dict[str, Any] = {}
    for key, value in values.items():
        key = key.replace("-", "_")
        if key not in _FIELDS:
            raise SettingsError(f"{where(key)}: unknown setting ({_suggest(key, _FIELDS)})")
        default = getattr(base, key)
        if isinstance(default, tuple):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, (list, tuple)):
                raise SettingsError(f"{where(key)}: must be a list, got {value!r}")
            value = tuple(str(v) for v in value)
        elif isinstance(default, dict):
            if not isinstance(value, dict):
                raise SettingsError(f"{where(key)}: must be a table, got {value!r}")
            value = {str(k): tuple([v] if isinstance(v, str) else v) for k, v in value.items()}
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                raise SettingsError(f"{where(key)}: must be true or false, got {value!r}")
        elif isinstance(default, int):
            if isinstance(value, bool) or not isinstance(value, int):
                raise SettingsError(f"{where(key)}: must be an integer, got {value!r}")
        elif isinstance(default, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise SettingsError(f"{where(key)}: must be a number, got {value!r}")
            value = float(value)
        elif isinstance(default, str) and not isinstance(value, str):
            raise SettingsError(f"{where(key)}: must be a string, got {value!r}")
        clean[key] = value
    settings = dataclasses.replace(base, **clean)
    for key in clean:
        problem = _problem(key, clean[key], settings)
        if problem:
            raise SettingsError(f"{where(key)}: {problem}")
    return settings


def flag_name(key: str) -> str:
    """The command-line flag of a setting: ``output_dir`` -> ``--output-dir``."""
    return "--" + key.replace("_", "-")


def load_settings(project_dir: str | Path = ".", flags: Mapping[str, Any] | None = None, **overrides: Any) -> Settings:
    """Defaults, then ``[tool.corpuskit]`` of ``project_dir/pyproject.toml``, then ``overrides``, then
    ``flags`` (overrides named by their command-line flag in errors). Raises :class:`SettingsError`
    naming the file or flag, the setting and what it must be."""
    settings = Settings()
    pyproject = Path(project_dir) / "pyproject.toml"
    if pyproject.is_file():
        try:
            with pyproject.open("rb") as fh:
                table = tomllib.load(fh).get("tool", {}).get("corpuskit", {})
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{pyproject}: not valid TOML: {exc}") from None
        except OSError as exc:
            raise SettingsError(f"{pyproject}: cannot be read: {exc.strerror}") from None
        if not isinstance(table, dict):
            raise SettingsError(f"{pyproject}: [tool.corpuskit] must be a table")
        settings = _coerce(settings, table, where=lambda k: f"{pyproject}: [tool.corpuskit] {k}")
    settings = settings.replace(**overrides)
    values = {k: v for k, v in (flags or {}).items() if v is not None}
    return _coerce(settings, values, where=lambda k: flag_name(k)) if values else settings
