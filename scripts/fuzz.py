"""Fuzz the decoder, the text cleaner and the HTML path for a given number of minutes.

    python scripts/fuzz.py --minutes 10 [--out fuzz-findings] [--seed-dir seeds] [--seed N]
    python scripts/fuzz.py --replay fuzz-findings/fuzz-report.json

Hypothesis generates the inputs (random bytes, mutated seed files, tag soup, deep nesting,
text with every code point) in rounds of ``--batch`` examples with a fresh seed each, until
the time is up. Every target checks the properties a build relies on:

- ``decode``: any bytes give text or a ``DecodeError`` naming an offset inside the input;
  the text is NFC, free of control characters but newline and tab, and normalising it
  again changes nothing.
- ``clean``: ``clean_text`` never raises, is idempotent, and keeps only input lines.
- ``html``: ``clean_html`` never raises, returns clean text, and cleaning that text again
  changes nothing; a page taking longer than ``--slow`` seconds is reported as slow.

Each distinct failure (exception type and message shape, or property) is printed once and
saved under ``--out`` with its whole input (text as is, bytes in base64), which ``--replay``
runs again. The summary line gives the examples run per
target. Exit status 1 when anything was found.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import re
import sys
import time
import traceback
import unicodedata
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpuskit import clean_html, clean_text  # noqa: E402
from corpuskit.clean.pipeline import active_rules, clean_lines  # noqa: E402
from corpuskit.decode import DecodeError, decode_input, normalise_text  # noqa: E402

TAGS = ["div", "p", "span", "a", "b", "i", "ul", "li", "table", "tr", "td", "article", "nav", "footer", "script"]
WORDS = "the council approved budget Straße café niño « » — “ ” ’ & &amp; &#x27; &bogus; < > \u00a0 \u200b".split()


class Finding(Exception):
    """A property a build relies on did not hold."""


def is_clean(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text) and not any(
        unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in text
    )


# --- inputs -----------------------------------------------------------------------------


def seed_files(folder: Path | None) -> list[bytes]:
    if folder is None or not folder.is_dir():
        return [b"Plain text.\nAnother line, with a sentence that ends."]
    return [p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and p.stat().st_size < 200_000]


def mutated(samples: list[bytes]) -> st.SearchStrategy[bytes]:
    """A seed file with a few byte-level edits: flips, cuts, inserted runs, other encodings."""

    @st.composite
    def build(draw) -> bytes:
        data = bytearray(draw(st.sampled_from(samples)))
        encoding = draw(st.sampled_from([None, "cp1252", "utf-16", "utf-16-le", "utf-16-be", "latin-1"]))
        if encoding:
            text = data.decode("utf-8", "replace")
            data = bytearray(text.encode(encoding, "replace"))
        for _ in range(draw(st.integers(0, 6))):
            if not data:
                break
            at = draw(st.integers(0, len(data) - 1))
            op = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
            if op == "flip":
                data[at] ^= 1 << draw(st.integers(0, 7))
            elif op == "cut":
                del data[at : at + draw(st.integers(1, 64))]
            elif op == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=16))
            else:
                del data[at:]
        return bytes(data)

    return build()


def any_text() -> st.SearchStrategy[str]:
    return st.text(st.characters(blacklist_categories=()), max_size=400)


@st.composite
def tag_soup(draw) -> str:
    """Unbalanced, misnested and unterminated markup around words and entities."""
    parts = []
    for _ in range(draw(st.integers(0, 80))):
        kind = draw(st.integers(0, 5))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(f'<{tag} class="{draw(st.sampled_from(["nav", "share", "content", "x" * 50]))}"')
        else:
            parts.append(" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=12))))
    return "".join(parts)


@st.composite
def deep_nesting(draw) -> str:
    depth = draw(st.sampled_from([10, 100, 1_000, 5_000, 20_000]))
    tag = draw(st.sampled_from(TAGS))
    body = "<p>The council approved the budget on Tuesday after a long debate, officials said.</p>"
    closing = f"</{tag}>" * depth if draw(st.booleans()) else ""
    return f"<html><body>{f'<{tag}>' * depth}{body}{closing}</body></html>"


def html_pages(samples: list[bytes]) -> st.SearchStrategy[str]:
    pages = [s.decode("utf-8", "replace") for s in samples]
    wrapped = st.sampled_from(pages).map(
        lambda t: (
            "<html><body><article>" + "".join(f"<p>{line}</p>" for line in t.split("\n")) + "</article></body></html>"
        )
    )
    return st.one_of(
        tag_soup(), deep_nesting(), wrapped, any_text(), mutated(samples).map(lambda b: b.decode("latin-1"))
    )


# --- targets ----------------------------------------------------------------------------


def check_decode(raw: bytes) -> None:
    try:
        decoded = decode_input(raw, "fuzz.bin")
    except DecodeError as exc:
        if not 0 <= exc.offset <= len(raw):
            raise Finding(f"DecodeError offset {exc.offset} outside the input ({len(raw)} bytes)") from None
        return
    text = normalise_text(decoded.text)
    if not is_clean(text):
        raise Finding("decoded text is not NFC or holds control characters")
    if normalise_text(text) != text:
        raise Finding("normalise_text is not idempotent")


def check_clean(text: str) -> None:
    out = clean_text(text)
    if not is_clean(out):
        raise Finding("clean_text output is not NFC or holds control characters")
    if clean_text(out) != out:
        raise Finding("clean_text is not idempotent")
    source = set(normalise_text(text).split("\n"))
    if any(line and line not in source for line in out.split("\n")):
        raise Finding("clean_text output has a line that is not in the input")


SLOW: list[tuple[float, str]] = []


def clean_extracted(text: str) -> str:
    """The clean stage on ``text`` as the HTML path runs it: on lines an extractor kept."""
    return clean_lines(text.split("\n"), active_rules(), extracted=True).text


def check_html(html: str, slow_seconds: float) -> None:
    started = time.monotonic()
    out = clean_html(html)
    took = time.monotonic() - started
    if took > slow_seconds:
        SLOW.append((took, html))
    if not is_clean(out):
        raise Finding("clean_html output is not NFC or holds control characters")
    # Idempotence within the HTML path: cleaning its output again as extracted text changes
    # nothing. clean_text is the other mode (it looks for the article among a whole page's
    # menus and takes a title by its shape, which the HTML path leaves to trafilatura), so
    # clean_text(clean_html(page)) may rightly take a line more: that was the old check's
    # false finding (issue 19, case 8).
    if clean_extracted(out) != out:
        raise Finding("cleaning clean_html's output again changes it: the HTML path is not idempotent")


# --- the loop ---------------------------------------------------------------------------


def stored(value: str | bytes) -> dict[str, str]:
    """The whole input, as JSON can hold it, so that ``--replay`` runs the very same one."""
    if isinstance(value, bytes):
        return {"input_base64": base64.b64encode(value).decode("ascii")}
    return {"input": value}  # the report escapes what is not ASCII, lone surrogates included


def loaded(finding: dict) -> str | bytes:
    if "input_base64" in finding:
        return base64.b64decode(finding["input_base64"])
    return finding["input"]


def replay(report: Path, slow: float) -> int:
    """Run every finding of a report again: 1 if any still fails."""
    checks = {"decode": check_decode, "clean": check_clean, "html": lambda page: check_html(page, slow)}
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    failing = 0
    for finding in findings:
        try:
            checks[finding["target"]](loaded(finding))
        except Exception as exc:  # noqa: BLE001 - a finding that still fails is reported
            failing += 1
            print(f"STILL FAILS {finding['error']}\n  now: {type(exc).__name__}: {exc}"[:500])
        else:
            print(f"fixed {finding['error']}")
    print(f"replayed {len(findings)} finding(s) of {report}: {failing} still fail")
    return 1 if failing else 0


def signature(exc: BaseException) -> str:
    """Failures with the same type, message shape and raising line are one finding."""
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    message = re.sub(r"\d+", "N", str(exc))[:120]
    where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
    return f"{type(exc).__name__}: {message} @ {where}"


def _target(check, name: str, last: list, examples: Counter, deadline: float):
    def target(value) -> None:
        if time.monotonic() >= deadline:  # let the running round drain without work
            return
        last[0] = value
        examples[name] += 1
        check(value)

    return target


def run(minutes: float, out: Path, samples: list[bytes], batch: int, slow: float, rng_seed: int) -> int:
    strategies = {
        "decode": (st.one_of(st.binary(max_size=2000), mutated(samples)), check_decode),
        "clean": (st.one_of(any_text(), mutated(samples).map(lambda b: b.decode("utf-8", "replace"))), check_clean),
        "html": (html_pages(samples), lambda page: check_html(page, slow)),
    }
    found: dict[str, dict] = {}
    examples: Counter = Counter()
    deadline = time.monotonic() + minutes * 60
    rng = random.Random(rng_seed)
    while time.monotonic() < deadline:
        for name, (strategy, check) in strategies.items():
            if time.monotonic() >= deadline:
                break
            last: list = [None]
            target = _target(check, name, last, examples, deadline)
            test = seed(rng.getrandbits(64))(
                settings(
                    max_examples=batch,
                    deadline=None,
                    database=None,
                    derandomize=False,
                    suppress_health_check=list(HealthCheck),
                    report_multiple_bugs=False,
                )(given(strategy)(target))
            )
            try:
                test()
            except Exception as exc:  # noqa: BLE001 - every failure is a finding to report
                key = f"{name}: {signature(exc)}"
                if key not in found:
                    found[key] = {"target": name, "error": key, **stored(last[0])}
                    print(f"FOUND {key}\n  input: {repr(last[0])[:300]}", flush=True)
    out.mkdir(parents=True, exist_ok=True)
    report = {
        "minutes": minutes,
        "examples": dict(examples),
        "findings": list(found.values()),
        "slow_html": [
            {"seconds": round(t, 2), "chars": len(h), **stored(h)} for t, h in sorted(SLOW, reverse=True)[:10]
        ],
    }
    (out / "fuzz-report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"fuzzed {minutes} min: "
        + ", ".join(f"{k} {v} examples" for k, v in sorted(examples.items()))
        + f"; {len(found)} finding(s); {len(SLOW)} HTML page(s) slower than {slow}s"
        + f"; report in {out / 'fuzz-report.json'}"
    )
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--seed-dir", type=Path, default=Path(__file__).resolve().parent.parent / "seeds")
    parser.add_argument("--batch", type=int, default=300, help="examples per hypothesis round")
    parser.add_argument("--slow", type=float, default=5.0, help="report HTML pages slower than this (seconds)")
    parser.add_argument("--replay", type=Path, help="run the findings of this fuzz-report.json again, nothing else")
    parser.add_argument("--seed", type=int, default=0, help="seed of the round seeds (runs are repeatable in kind)")
    args = parser.parse_args(argv)
    if args.replay:
        return replay(args.replay, args.slow)
    return run(args.minutes, args.out, seed_files(args.seed_dir), args.batch, args.slow, args.seed)


if __name__ == "__main__":
    sys.exit(main())
