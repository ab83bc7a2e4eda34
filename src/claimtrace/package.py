"""The data package: its descriptor, its tables as read strictly, and loading for notebooks."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .problems import DataError, Problem
from .tables import read_csv

DATA_DIR = Path("data")
DESCRIPTOR = "datapackage.json"

# How a document attributes a figure (claims.csv ``attribution``, the enum of datapackage.json), in
# the words the charts and the report use. For the publisher's own figures, and its readings of a
# document, the claimant is the publisher (`OWN`); `make validate` checks it.
ATTRIBUTIONS = {"own_voice": "the publisher's own voice", "document": "read by the publisher from a document",
                "named": "a named claimant", "unnamed": "unnamed people"}
OWN = ("own_voice", "document")


@dataclass
class Package:
    """The descriptor and the raw string rows of every table, in schema column order."""

    data_dir: Path
    descriptor: dict
    rows: dict[str, list[list[str]]]

    @property
    def root(self) -> Path:
        """The repository root: source paths in sources.csv are relative to it."""
        return self.data_dir.resolve().parent

    def resource(self, name: str) -> dict:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def fields(self, name: str) -> list[str]:
        return [f["name"] for f in self.resource(name)["schema"]["fields"]]

    def label(self, name: str) -> str:
        return str(self.data_dir / self.resource(name)["path"])

    def records(self, name: str) -> list[tuple[int, dict[str, str]]]:
        """(row number, {column: text}) for every row; row 2 is the first record."""
        fields = self.fields(name)
        return [(i, dict(zip(fields, row))) for i, row in enumerate(self.rows[name], start=2)]


def read_descriptor(data_dir: Path) -> dict:
    path = Path(data_dir) / DESCRIPTOR
    label = str(path)
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(label, None, None, "file not found")]) from None
    except UnicodeDecodeError:
        raise DataError([Problem(label, None, None, "not valid UTF-8")]) from None
    except json.JSONDecodeError as err:
        raise DataError([Problem(label, err.lineno, None, f"not valid JSON: {err.msg}")]) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DataError([Problem(label, None, None, "not a data package: no 'resources' list")])
    return descriptor


def read_package(data_dir: Path = DATA_DIR) -> Package:
    """Read the descriptor and every table; CSV-level faults of all tables are reported together."""
    data_dir = Path(data_dir)
    descriptor = read_descriptor(data_dir)
    pkg = Package(data_dir, descriptor, {})
    problems: list[Problem] = []
    for resource in descriptor["resources"]:
        name = resource["name"]
        try:
            pkg.rows[name] = read_csv(data_dir / resource["path"], pkg.fields(name), pkg.label(name))
        except DataError as err:
            problems.extend(err.problems)
    if problems:
        raise DataError(problems)
    return pkg
