"""The dataset card: README.md with the YAML that ``load_dataset`` reads, and prose for people."""

from __future__ import annotations

from typing import Any

import yaml

from .schema import DATA_COLUMNS, REMOVED_COLUMNS, hf_features


def _config(name: str, version: str, folder: str, default: bool = False) -> dict[str, Any]:
    cfg: dict[str, Any] = {
        "config_name": name,
        "version": version,
        "data_files": [{"split": "train", "path": f"{folder}/train-*.parquet"}],
    }
    if default:
        cfg["default"] = True
    return cfg


def _info(name: str, schema, split: dict[str, int]) -> dict[str, Any]:
    return {
        "config_name": name,
        "features": hf_features(schema),
        "splits": [{"name": "train", "num_bytes": split["num_bytes"], "num_examples": split["num_examples"]}],
        "download_size": split["download_size"],
        "dataset_size": split["num_bytes"],
    }


def card_yaml(s: dict[str, Any]) -> str:
    """The YAML header. Only ``configs[].version`` reaches ``DatasetInfo.version`` in datasets 5."""
    from .schema import DATA_SCHEMA, REMOVED_SCHEMA

    meta = {
        "pretty_name": s["pretty_name"],
        "license": s["license"],
        "language": sorted(lang for lang in s["languages"] if lang != "unknown") or ["en"],
        "task_categories": ["text-generation"],
        "tags": ["news", "corpuskit"],
        "configs": [
            _config("default", s["version"], "data", default=True),
            _config("removed", s["version"], "removed"),
        ],
        "dataset_info": [
            _info("default", DATA_SCHEMA, s["splits"]["default"]),
            _info("removed", REMOVED_SCHEMA, s["splits"]["removed"]),
        ],
    }
    return yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render_card(s: dict[str, Any]) -> str:
    """The whole README.md of a version folder. Same statistics in, same bytes out."""
    name, version = s["name"], s["version"]
    # the default output folder: the card must not depend on where it was built (output_dir is no fingerprint input)
    folder = f"dist/{name}/{version}"
    repo = s.get("hub_repo_id") or f"ORG/{name}"
    removed = sorted(s["removed_by_category"].items(), key=lambda kv: (-kv[1], kv[0]))
    rules = sorted(s["removed_by_rule"].items(), key=lambda kv: (-kv[1], kv[0]))[:15]
    langs = sorted(s["languages"].items(), key=lambda kv: (-kv[1], kv[0]))
    parts = [
        "---",
        card_yaml(s).rstrip(),
        "---",
        "",
        f"# {s['pretty_name']}",
        "",
        s.get("description") or "News articles cleaned of page boilerplate by corpuskit.",
        "",
        f"Version **{version}**, built by corpuskit {s['corpuskit_version']}. Fingerprint `{s['fingerprint']}`.",
        "",
        "## Load this version",
        "",
        "From this folder (offline; one folder per version under the output folder, `latest` links to the newest):",
        "",
        "```python",
        "from datasets import load_dataset",
        "",
        f'ds = load_dataset("{folder}", split="train")',
        f'removed = load_dataset("{folder}", "removed", split="train")  # every removed line, with its reason',
        "```",
        "",
        f"From the Hub, where this version is the git tag `v{version}`:",
        "",
        "```python",
        f'ds = load_dataset("{repo}", revision="v{version}", split="train")',
        "```",
        "",
        "`ds.info.version` is the version you hold. `MANIFEST.json` lists the sha256 of every input and every "
        "file of this folder, the settings and the versions of the code and libraries that made it; "
        "`CHANGELOG.md` says what changed since earlier versions; `croissant.json` describes the files and "
        "columns in Croissant 1.0.",
        "",
        "## Statistics",
        "",
        _table(
            ("documents", "words", "characters", "removed lines", "documents not published"),
            [(s["documents"], s["words"], s["chars"], s["removed_lines"], s["rejected_documents"])],
        ),
        "",
        "Languages:",
        "",
        _table(("language", "documents"), langs or [("-", 0)]),
        "",
        "Removed lines by category:",
        "",
        _table(("category", "lines"), removed or [("-", 0)]),
        "",
        "Rules that fired most:",
        "",
        _table(("rule", "lines"), rules or [("-", 0)]),
        "",
        "## Sources",
        "",
        f"{s['inputs']} input files matching {', '.join(f'`{p}`' for p in s['settings']['inputs'])}; "
        "their sha256 are listed in `MANIFEST.json`.",
        "",
        "## Cleaning",
        "",
        "Bytes are decoded (UTF-8, BOM), repaired with ftfy (mojibake and control characters only; curly "
        "quotes, dashes and ligatures stay as written), NFC-normalised, and whitespace is folded. Line rules "
        "and page-shape heuristics then remove navigation, share labels, newsletter prompts, related links, "
        "comment prompts, cookie and legal lines; title, byline, date and outlet move to their columns. "
        "Every removed line is a row of the `removed` config with its rule and category.",
        "",
        "## Duplicates and quality signals",
        "",
        s.get("dedup_summary") or "",
        "",
        "Every document carries quality signals as columns (Gopher and FineWeb names; definitions below). "
        "Filters on them are off unless the settings set a threshold (`quality_*`); documents they reject "
        "are rows of the `removed` config with rule `quality.<name>`, the value and the threshold.",
        "",
        "## Columns",
        "",
        _table(("column", "type", "meaning"), [(n, str(t), d) for n, t, d in DATA_COLUMNS]),
        "",
        "`removed` config:",
        "",
        _table(("column", "type", "meaning"), [(n, str(t), d) for n, t, d in REMOVED_COLUMNS]),
        "",
        "## Changes",
        "",
        s.get("changes_summary") or "First version.",
        "",
        "## Settings",
        "",
        "```json",
        s["settings_json"],
        "```",
        "",
        "## License and citation",
        "",
        f"License: {s['license']}.",
        "",
    ]
    if s.get("citation"):
        parts += ["Please cite:", "", "```bibtex", s["citation"].strip(), "```", ""]
    return "\n".join(parts)
