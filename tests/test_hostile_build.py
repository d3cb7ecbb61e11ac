"""Hostile inputs in a real build: each one is published right or reported by name, and none
costs a good document, reads outside the input folder or writes outside dist/."""

from __future__ import annotations

import builtins
import contextlib
import hashlib
import io
import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import make_project

from corpuskit import clean_text
from corpuskit.build import build
from corpuskit.cli import main
from corpuskit.package.version import read_inputs

FRENCH = (
    "Le conseil municipal a voté mardi soir un budget de 12 millions d’euros pour la rénovation des écoles.\n"
    "« C’est une décision attendue depuis des années », a déclaré la maire, saluant un vote à l’unanimité.\n"
    "Les travaux débuteront à l’été et dureront deux ans, selon le calendrier présenté aux parents d’élèves."
)
GERMAN = (
    "Die Straße über dem Fluss wird im Frühjahr für drei Monate gesperrt, teilte die Behörde am Montag mit.\n"
    "Anwohner müssen mit Umleitungen rechnen; die Arbeiten sollen vor den Sommerferien abgeschlossen sein.\n"
    "Der Bürgermeister sprach von einer notwendigen Maßnahme, die seit Jahren überfällig gewesen sei."
)
SPANISH = (
    "El ayuntamiento aprobó el miércoles un plan para ampliar la red de autobuses nocturnos de la ciudad.\n"
    "La reunión terminó sin acuerdo sobre la financiación, según informó el ministerio en un comunicado.\n"
    "Los vecinos del barrio norte llevaban años reclamando una conexión directa con el centro urbano."
)
ENGLISH = (
    "The council approved a new budget for school repairs on Tuesday after a long debate in the chamber.\n"
    "Officials said the work would begin in the summer and last about two years, with “minimal disruption”.\n"
    "Parents welcomed the decision, which had been delayed twice because of rising construction costs."
)
SECRET = "SECRET-OUTSIDE-MARKER " + ENGLISH

PUBLISHED = {  # input -> the text its document must have
    "seeds/cp1252.txt": clean_text(FRENCH),
    "seeds/latin1.txt": clean_text(GERMAN),
    "seeds/utf16 bom.txt": clean_text(FRENCH),
    "seeds/utf16-nobom.txt": clean_text(SPANISH),
    "seeds/utf16be-nobom.txt": clean_text(GERMAN),
    "seeds/stray-byte.txt": clean_text(FRENCH),
    "seeds/Nachrichten über Köln – 日本.txt": clean_text(GERMAN),
    "seeds/link-inside.txt": clean_text(ENGLISH),
}
REJECTED = {  # input -> (rule, reason after "<input>: ")
    "seeds/image.txt": ("decode.binary", "byte 0: binary file (PNG image)"),
    "seeds/nul.txt": ("decode.binary", "byte 36: binary file (NUL byte)"),
    "seeds/empty.txt": ("decode.empty", "empty (0 bytes)"),
    "seeds/blank.txt": ("decode.empty", "empty (whitespace only)"),
    "seeds/huge.txt": ("limit.max-doc-bytes", "20000000 bytes is over max_doc_bytes=10000000"),
    "seeds/link-outside.txt": (
        "input.refused",
        "symlink pointing outside the input folders (to ../outside/secret.txt)",
    ),
    "seeds/link-etc.txt": ("input.refused", "symlink pointing outside the input folders (to /etc)"),
    "seeds/link-dangling.txt": ("input.refused", "broken symlink (FileNotFoundError: No such file or directory)"),
    "seeds/fifo.txt": ("input.refused", "not a regular file (FIFO)"),
    "seeds/link-loop.txt": ("input.refused", "symlink loop"),
}
DECODED = {
    "seeds/cp1252.txt": "cp1252",
    "seeds/latin1.txt": "cp1252",
    "seeds/utf16 bom.txt": "utf-16-le",
    "seeds/utf16-nobom.txt": "utf-16-le",
    "seeds/utf16be-nobom.txt": "utf-16-be",
    "seeds/stray-byte.txt": "utf-8",
}


def write_hostile_inputs(root: Path) -> None:
    seeds = root / "seeds"
    (root / "outside").mkdir()
    (root / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (seeds / "sub").mkdir()
    (seeds / "sub" / "english.md").write_text(ENGLISH, encoding="utf-8")
    files = {
        "cp1252.txt": FRENCH.encode("cp1252"),
        "latin1.txt": GERMAN.encode("latin-1"),
        "utf16 bom.txt": FRENCH.encode("utf-16"),
        "utf16-nobom.txt": SPANISH.encode("utf-16-le"),
        "utf16be-nobom.txt": GERMAN.encode("utf-16-be"),
        "stray-byte.txt": FRENCH.encode().replace("rénovation".encode(), b"r\xe9novation"),
        "Nachrichten über Köln – 日本.txt": GERMAN.encode(),
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000),
        "nul.txt": b"A perfectly ordinary first sentence." + b"\x00\x00\x00\x07" * 50,
        "empty.txt": b"",
        "blank.txt": " \n\t\n\u00a0\n\r\n".encode(),
        "huge.txt": b"x" * 20_000_000,
    }
    for name, raw in files.items():
        (seeds / name).write_bytes(raw)
    (seeds / "link-inside.txt").symlink_to("sub/english.md")
    (seeds / "link-outside.txt").symlink_to("../outside/secret.txt")
    (seeds / "link-etc.txt").symlink_to("/etc")
    (seeds / "link-dangling.txt").symlink_to("no-such-file.txt")
    (seeds / "link-loop.txt").symlink_to("link-loop.txt")
    os.mkfifo(seeds / "fifo.txt")


def snapshot(folder: Path, skip: str) -> dict[str, str]:
    """Every file under ``folder`` but ``skip`` with its content hash (symlinks by target)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if rel == skip or rel.startswith(skip + "/"):
            continue
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif not p.is_dir():
            out[rel] = "special"
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The seeds plus every hostile input, built once through the command line."""
    root = make_project(tmp_path_factory.mktemp("hostile") / "project")
    write_hostile_inputs(root)
    before = snapshot(root, "dist")
    opened: list[str] = []
    real_open = builtins.open

    def recording_open(file, *args, **kwargs):
        if isinstance(file, (str, Path)):
            opened.append(os.path.realpath(file))
        return real_open(file, *args, **kwargs)

    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp, contextlib.redirect_stdout(out):
        mp.setattr(builtins, "open", recording_open)
        mp.setattr(io, "open", recording_open)
        status = main(["--project", str(root), "build", "-q"])
    version = root / "dist" / "test-corpus" / "latest"
    return {
        "root": root,
        "status": status,
        "summary": out.getvalue(),
        "before": before,
        "after": snapshot(root, "dist"),
        "opened": opened,
        "data": pq.read_table(version / "data").to_pylist(),
        "removed": pq.read_table(version / "removed").to_pylist(),
        "manifest": json.loads((version / "MANIFEST.json").read_text(encoding="utf-8")),
        "inputs": list(read_inputs(version)),
    }


def test_the_build_succeeds_and_keeps_every_good_seed(hostile):
    assert hostile["status"] == 0
    published = {r["source_file"] for r in hostile["data"]}
    seeds = {f"seeds/{p.name}" for p in (Path(__file__).parent.parent / "seeds").glob("*.txt")}
    assert seeds <= published


def test_legacy_and_utf16_inputs_are_published_exactly(hostile):
    rows = {r["source_file"]: r for r in hostile["data"]}
    for name, text in PUBLISHED.items():
        assert name in rows, name
        assert rows[name]["text"] == text, name
        assert "\ufffd" not in rows[name]["text"] and "Ã" not in rows[name]["text"]


def test_every_bad_input_is_a_removed_row_with_its_reason(hostile):
    rows = {r["source_file"]: r for r in hostile["removed"] if r["line"] == 0}
    for name, (rule, reason) in REJECTED.items():
        assert name in rows, name
        assert rows[name]["rule"] == rule, name
        assert rows[name]["text"] == f"{name}: {reason}", name
    assert rows["seeds/empty.txt"]["category"] == rows["seeds/blank.txt"]["category"] == "empty"
    published = {r["source_file"] for r in hostile["data"]}
    assert not published & set(REJECTED)


def test_each_input_is_published_or_reported_never_both_never_neither(hostile):
    published = {r["source_file"] for r in hostile["data"]}
    reported = {r["source_file"] for r in hostile["removed"] if r["line"] == 0}
    inputs = {i["path"] for i in hostile["inputs"]}
    assert published | reported == inputs
    assert not published & reported


def test_the_summary_names_each_rejected_input_and_each_non_utf8_decoding(hostile):
    summary = hostile["summary"]
    for name, (rule, reason) in REJECTED.items():
        assert f"  not published: {name}: {rule}: {name}: {reason}\n" in summary
    for name, encoding in DECODED.items():
        assert f"  decoded as {encoding}: {name}: " in summary


def test_the_manifest_records_decodings_and_refused_inputs(hostile):
    manifest = hostile["manifest"]
    decoded = {d["source_file"]: d for d in manifest["decoded"]}
    assert {name: d["encoding"] for name, d in decoded.items()} == DECODED
    offset = FRENCH.encode().index("rénovation".encode()) + 1
    assert (
        decoded["seeds/stray-byte.txt"]["note"] == f"invalid UTF-8: 1 byte(s) read as cp1252 at byte offset(s) {offset}"
    )
    inputs = {i["path"]: i for i in hostile["inputs"]}
    assert inputs["seeds/link-outside.txt"]["sha256"] == ""
    assert inputs["seeds/link-outside.txt"]["refused"].startswith("symlink pointing outside")
    assert inputs["seeds/fifo.txt"]["refused"] == "not a regular file (FIFO)"
    assert len(inputs["seeds/cp1252.txt"]["sha256"]) == 64


def test_nothing_is_read_outside_the_input_folder(hostile):
    root = hostile["root"]
    assert str(root / "seeds" / "cp1252.txt") in hostile["opened"]  # the recorder sees the reads
    assert not [p for p in hostile["opened"] if p.startswith(str(root / "outside"))]
    assert not [p for p in hostile["opened"] if p.startswith("/etc/")]
    texts = "\n".join(r["text"] for r in hostile["data"] + hostile["removed"])
    assert "SECRET-OUTSIDE-MARKER" not in texts


def test_nothing_is_written_outside_dist(hostile):
    assert hostile["after"] == hostile["before"]


def _project(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = make_project(tmp_path / "project")
    for name, raw in files.items():
        (root / "seeds" / name).write_bytes(raw)
    return root


def test_strict_fails_and_publishes_nothing(tmp_path, capsys):
    root = _project(tmp_path, {"empty.txt": b"", "cp1252.txt": FRENCH.encode("cp1252")})
    before = snapshot(root, "dist")
    assert main(["--project", str(root), "build", "-q", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "--strict: 1 input(s) could not be published" in err
    assert "seeds/empty.txt: decode.empty: seeds/empty.txt: empty (0 bytes)" in err
    dataset = root / "dist" / "test-corpus"
    assert [p.name for p in dataset.iterdir() if p.name != ".build.lock"] == []
    assert snapshot(root, "dist") == before
    # without --strict the same inputs publish, the bad one reported
    assert main(["--project", str(root), "build", "-q"]) == 0
    assert (dataset / "latest" / "MANIFEST.json").is_file()


def test_a_file_the_build_may_not_read_is_reported(tmp_path, monkeypatch):
    root = _project(tmp_path, {"locked.txt": ENGLISH.encode()})
    locked = root / "seeds" / "locked.txt"
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the kernel's refusal happen anyway
        real_open = builtins.open

        def refusing_open(file, *args, **kwargs):
            if isinstance(file, (str, Path)) and os.path.realpath(file) == str(locked):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", refusing_open)
        monkeypatch.setattr(io, "open", refusing_open)
    result = build(root, progress=False)
    assert result.stats.documents == 5
    assert (
        "seeds/locked.txt",
        "input.unreadable",
        "seeds/locked.txt: cannot read: PermissionError: Permission denied",
    ) in (result.stats.rejected)
    entry = next(i for i in read_inputs(result.path) if i["path"] == "seeds/locked.txt")
    assert entry["refused"] == "cannot read: PermissionError: Permission denied"
