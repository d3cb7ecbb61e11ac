"""``croissant.json``: the version folder described in Croissant 1.0 JSON-LD (MLCommons).

Written by hand from the same schema definition as the Parquet files and the card, so
corpuskit needs no Croissant library at run time; the tests validate it with mlcroissant.
Nothing in it depends on the time or the machine: same build, same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from .schema import DATA_COLUMNS, REMOVED_COLUMNS

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"

# The Croissant 1.0 context, as mlcroissant writes it.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

_DATA_TYPES = {
    pa.string(): "sc:Text",
    pa.float32(): "sc:Float",
    pa.float64(): "sc:Float",
    pa.int32(): "sc:Integer",
    pa.int64(): "sc:Integer",
    pa.bool_(): "sc:Boolean",
}

# (record set / config name, folder, columns): the two configs of the card.
CONFIGS = (("default", "data", DATA_COLUMNS), ("removed", "removed", REMOVED_COLUMNS))


def _record_set(name: str, folder: str, columns: tuple[tuple[str, pa.DataType, str], ...]) -> dict[str, Any]:
    files = f"{folder}-files"
    return {
        "@type": "cr:RecordSet",
        "@id": name,
        "name": name,
        "field": [
            {
                "@type": "cr:Field",
                "@id": f"{name}/{col}",
                "name": col,
                "description": meaning,
                "dataType": _DATA_TYPES[dtype],
                "source": {"fileSet": {"@id": files}, "extract": {"column": col}},
            }
            for col, dtype, meaning in columns
        ],
    }


def croissant(s: dict[str, Any]) -> dict[str, Any]:
    """The Croissant document for the version summarised by ``s`` (the card's summary)."""
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": s["name"],
        "alternateName": s["pretty_name"],
        "description": s.get("description") or "News articles cleaned of page boilerplate by corpuskit.",
        "conformsTo": CONFORMS_TO,
        "license": s["license"],
        "version": s["version"],
        "inLanguage": sorted(lang for lang in s["languages"] if lang != "unknown"),
        "keywords": ["news", "corpuskit"],
    }
    if s.get("citation"):
        doc["citeAs"] = s["citation"].strip()
    if s.get("hub_repo_id"):
        doc["url"] = f"https://huggingface.co/datasets/{s['hub_repo_id']}"
    doc["distribution"] = [
        {
            "@type": "cr:FileSet",
            "@id": f"{folder}-files",
            "name": f"{folder}-files",
            "description": f"Parquet shards of the {name!r} config",
            "encodingFormat": "application/x-parquet",
            "includes": f"{folder}/train-*.parquet",
        }
        for name, folder, _ in CONFIGS
    ]
    doc["recordSet"] = [_record_set(name, folder, cols) for name, folder, cols in CONFIGS]
    return doc


def write(path: Path, s: dict[str, Any]) -> None:
    path.write_text(json.dumps(croissant(s), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
