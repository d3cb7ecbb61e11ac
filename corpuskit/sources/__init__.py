"""Where documents come from: input discovery and one reader per format.

Input safety lives here, in front of every reader: a path is read only when it resolves
to a regular file inside an input folder, and a reader that fails (an unreadable file, a
truncated archive) becomes a rejected document naming the file and the reason, after the
documents it had already yielded.
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..document import Document
from ..hashing import sha256_file
from . import html, jsonl, remote, text, warc
from .stream import DEFAULT_LIMIT

Reader = Callable[[Path, str, int], Iterator[Document]]

# Readers by file suffix (the last two suffixes for compressed files). Each yields Documents
# with raw bytes and provenance, nothing more: decoding, extraction and cleaning are later stages.
READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".html.gz": html.read,
    ".htm.gz": html.read,
    ".warc": warc.read,
    ".warc.gz": warc.read,
    ".jsonl": jsonl.read,
    ".jsonl.gz": jsonl.read,
}


class InputError(ValueError):
    """An input path that must not be read (outside the project, unreadable, ...)."""


def document_id(key: str) -> str:
    """A stable id from where a document came from (URL, record id or path), not its content.

    >>> document_id("path:seeds/000_1d9c4d63aa48cbb8.txt")
    '8997484046f99f94615ca4dd5ebbf053'
    """
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


class InputList:
    """Input paths in order, held as one UTF-8 blob: about 50 bytes a path instead of the 350
    of a ``Path`` object, so a million small input files stay affordable. Iterating yields
    ``Path`` objects again, one at a time.
    """

    def __init__(self, root: Path, names: list[str]):
        self.root = root
        self._blob = "\0".join(names).encode("utf-8", "surrogateescape")
        self._count = len(names)

    def __len__(self) -> int:
        return self._count

    def names(self) -> Iterator[str]:
        """The paths as :func:`relative_name` gives them."""
        if not self._count:
            return
        for name in self._blob.split(b"\0"):
            yield name.decode("utf-8", "surrogateescape")

    def __iter__(self) -> Iterator[Path | str]:
        for name in self.names():
            yield input_path(self.root, name)


def input_path(root: Path, name: str) -> Path | str:
    """Where an input of the list is read: a path (an absolute name stays absolute), or its URL."""
    return name if remote.is_url(name) else root / name


def discover(patterns: Iterable[str], root: str | Path) -> InputList:
    """Input paths matching ``patterns`` under ``root``, sorted, each once.

    Everything a pattern matches but a real directory is kept, symlinks and special files
    included, and directories too when the pattern's last part names a file (``*.txt``), so
    that :func:`read_documents` can report why it refuses them instead of dropping them
    silently. Sorting makes the build independent of the order the file
    system lists files in.
    """
    root = Path(root).resolve()
    found: set[str] = set()
    for pattern in patterns:
        if remote.is_url(pattern):
            found.update(remote.glob(pattern))
            continue
        # a directory the last part of a pattern names like a file (``*.txt``, not ``*``) was
        # meant to be an input: kept, so that it is reported instead of vanishing
        named = bool(re.sub(r"[*?]|\[[^]]*\]", "", Path(pattern).name))
        for name in glob.iglob(str(root / pattern), recursive=True):
            if named or os.path.islink(name) or not os.path.isdir(name):
                found.add(relative_name(Path(name), root))
    return InputList(root, sorted(found))


def input_folders(patterns: Iterable[str], root: str | Path) -> list[Path]:
    """The folders the patterns read from: each pattern's leading part without wildcards, resolved.

    >>> [p.name for p in input_folders(["seeds/*.txt", "crawl/**/*.warc.gz"], "/project")]
    ['crawl', 'seeds']
    """
    root = Path(root).resolve()
    folders = set()
    for pattern in patterns:
        if remote.is_url(pattern):
            continue  # read where the URL says, not from a folder
        parts = Path(pattern).parts
        fixed = []
        for part in parts[:-1]:
            if glob.has_magic(part):
                break
            fixed.append(part)
        folders.add((root.joinpath(*fixed)).resolve())
    return sorted(folders)


def relative_name(path: Path, root: Path) -> str:
    """``path`` relative to the project, POSIX style; absolute when a pattern reaches outside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def shown(name: str) -> str:
    r"""``name`` as it can be written anywhere: bytes of a file name that are not UTF-8 (held
    as surrogates, see :class:`InputList`) are shown as ``\xNN``; a valid name is unchanged.

    >>> print(shown("caf\udce9.txt"))
    caf\xe9.txt
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def refusal(path: Path, folders: Sequence[Path]) -> str | None:
    """Why ``path`` must not be read, or None when it may.

    It must resolve (through any symlinks) to a regular file inside one of ``folders``:
    a symlink out of them could make a build read anything the user can; a FIFO or a
    device would block or never end.
    """
    try:
        real = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a loop so, naming the absolute path
        return "symlink loop"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        return f"broken symlink ({_describe(exc)})" if path.is_symlink() else f"cannot resolve: {_describe(exc)}"
    if not any(real == folder or real.is_relative_to(folder) for folder in folders):
        return f"symlink pointing outside the input folders (to {os.readlink(path) if path.is_symlink() else real})"
    try:
        mode = real.stat().st_mode
    except OSError as exc:
        return f"cannot stat: {_describe(exc)}"
    if not stat.S_ISREG(mode):
        return f"not a regular file ({_file_kind(mode)})"
    return None


def _file_kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "directory"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return kind
    return "special file"


def _describe(exc: BaseException) -> str:
    """An exception as a reason that names no absolute path (the same on every machine)."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{type(exc).__name__}: {exc.strerror}"
    return f"{type(exc).__name__}: {exc}"[:500]


def describe_input(path: Path | str, root: str | Path, folders: Sequence[Path]) -> dict[str, Any]:
    """The manifest entry of one input: path, sha256 and size, or why it was not read.

    A refused or unreadable input has an empty sha256, so it still enters the fingerprint
    and a later fix of the file publishes a new version.
    """
    if isinstance(path, str):
        return remote.describe(path)
    name = shown(relative_name(path, Path(root).resolve()))
    why = refusal(path, folders)
    if why is None:
        try:
            return {"path": name, "sha256": sha256_file(path), "bytes": path.stat().st_size}
        except OSError as exc:
            why = f"cannot read: {_describe(exc)}"
    return {"path": name, "sha256": "", "bytes": 0, "refused": why}


def _rejected(name: str, rule: str, reason: str, order: int) -> Document:
    doc = Document(id=document_id("path:" + name), source_file=name, order=(name, order))
    return doc.reject(rule, f"{name}: {reason}")


def _guarded(path: Path, name: str, limit: int) -> Iterator[Document]:
    """The documents of ``path``; if choosing or running its reader fails, one rejected document
    for the rest of the file."""
    count, reported = 0, False
    try:
        for doc in reader_for(path)(path, name, limit):
            count += 1
            reported = reported or (doc.rejected is not None and doc.rejected.rule == "input.truncated")
            yield doc
    except Exception as exc:  # noqa: BLE001 - any reader failure is reported, never fatal
        if count == 0:
            yield _rejected(name, "input.unreadable", f"cannot read: {_describe(exc)}", 0)
        else:
            yield _rejected(
                name, "input.truncated", f"reading stopped after {count} document(s): {_describe(exc)}", count
            )
        return
    problem = None if reported else _gzip_problem(path)  # a reader that saw the cut said where
    if problem:
        yield _rejected(name, "input.truncated", f"{count} document(s) read, then the gzip data {problem}", count)


def _gzip_problem(path: Path) -> str | None:
    """What is wrong with a gzip file's data, or None (also for files that are not gzip).

    A reader may stop quietly at a cut gzip member (warcio ends the archive at the last
    whole record), so the documents after the cut would vanish without a word; the whole
    stream is checked once more to report them.
    """
    import gzip
    import zlib

    try:
        with open(path, "rb") as fh:
            if fh.read(2) != b"\x1f\x8b":
                return None
        with gzip.open(path, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as exc:
        return f"is incomplete or corrupt: {_describe(exc)}"
    return None


def read_documents(
    paths: Iterable[Path],
    root: str | Path,
    folders: Sequence[Path] | None = None,
    max_doc_bytes: int = DEFAULT_LIMIT,
    listed: Iterable[str] | None = None,
) -> Iterator[Document]:
    """Documents from every path, in path order, then record order inside a file.

    ``folders`` are the input folders (default: the project root); a path resolving
    outside them, or to anything but a regular file, yields one rejected document. No
    document or line is read past ``max_doc_bytes`` (see :mod:`.stream`).

    ``listed``: the sha256 the manifest recorded for each path, in the same order. A file
    whose bytes are no longer those is not read (``input.changed``): its documents would
    not be the ones the manifest names; one that changes while it is read is reported too.
    """
    root = Path(root).resolve()
    folders = list(folders) if folders is not None else [root]
    hashes = iter(listed) if listed is not None else None
    for path in paths:
        digest = next(hashes, None) if hashes is not None else None
        if isinstance(path, str):
            yield from _read_url(path, max_doc_bytes, digest)
            continue
        name = shown(relative_name(path, root))
        why = refusal(path, folders)
        if why:
            yield _rejected(name, "input.refused", why, 0)
            continue
        if digest:
            changed = _changed(path, digest)
            if changed:
                yield _rejected(name, "input.changed", f"changed since the build listed it ({changed}); not read", 0)
                continue
        count = 0
        for doc in _guarded(path, name, max_doc_bytes):
            count += 1
            yield doc
        if digest:
            changed = _changed(path, digest)
            if changed:
                why = f"changed while it was read ({changed}); its {count} document(s) may mix two versions"
                yield _rejected(name, "input.changed", why, count)


def _read_url(url: str, max_doc_bytes: int, digest: str | None) -> Iterator[Document]:
    """The documents of a URL input, read from a local copy (see :mod:`.remote`)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="corpuskit-input-") as tmp:
        try:
            local = remote.fetch(url, Path(tmp))
        except Exception as exc:  # noqa: BLE001 - an input that cannot be fetched is rejected, not fatal
            yield _rejected(url, "input.unreadable", f"cannot read: {_describe(exc)}", 0)
            return
        changed = _changed(local, digest) if digest else None
        if changed:
            yield _rejected(url, "input.changed", f"changed since the build listed it ({changed}); not read", 0)
            return
        yield from _guarded(local, url, max_doc_bytes)


def _changed(path: Path, digest: str) -> str | None:
    """How the file's bytes differ from the sha256 the manifest recorded, or None."""
    try:
        now = sha256_file(path)
    except OSError as exc:
        return f"now unreadable: {_describe(exc)}"
    return None if now == digest else f"sha256 {digest[:12]}… when listed, {now[:12]}… now"


def reader_for(path: Path) -> Reader:
    """The reader for ``path``: by its suffixes, else by sniffing its first bytes, else text."""
    suffixes = [s.lower() for s in path.suffixes]
    for n in (2, 1):
        if len(suffixes) >= n and "".join(suffixes[-n:]) in READERS:
            return READERS["".join(suffixes[-n:])]
    return sniff(path)


def sniff(path: Path) -> Reader:
    """A reader chosen by content, for files whose name does not say what they hold."""
    import zlib

    with path.open("rb") as fh:
        head = fh.read(4096)
    if head[:2] == b"\x1f\x8b":
        try:  # a gzip member's first bytes are enough to tell; a truncated stream is fine here
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return text.read
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"warc/"):
        return warc.read
    if start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:1024]:
        return html.read
    if start.startswith(b"{"):
        return jsonl.read
    return text.read
