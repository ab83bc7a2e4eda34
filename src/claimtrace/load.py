"""Load the validated data package as pandas DataFrames, for notebooks and analyses."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .package import DATA_DIR, read_package
from .problems import DataError
from .validate import awaiting_review, check as problems_of


@dataclass
class Dataset:
    sources: pd.DataFrame
    counted: pd.DataFrame  # the vocabulary of what a figure counts (analysis.Vocabulary)
    claims: pd.DataFrame
    events: pd.DataFrame
    non_claims: pd.DataFrame
    excerpts: pd.DataFrame
    reference: pd.DataFrame  # with each excerpt's read_at and read_on joined on
    lineage: pd.DataFrame  # links from claims to their origins and to records of the same thing
    awaiting: dict[str, int]  # sources awaiting review (validate.awaiting_review), left out of `sources`


NUMBER_COLUMNS = {"claims": ["value_low", "value_high"], "reference": ["value", "value_high"]}
DATE_COLUMNS = {"sources": ["published_earliest", "published_latest"]}


def load(data_dir: Path | str = DATA_DIR, check: bool = True) -> Dataset:
    """The tables as DataFrames: empty cells are "" in text columns and NaN in numbers.

    With ``check`` (the default) the package is validated first and DataError is raised,
    listing every problem, if it is not valid: invalid data never reaches a chart. A source
    awaiting review (archived, none of its rows accepted yet) is left out of ``sources`` and named,
    with its numeric mentions, in ``awaiting``.
    """
    pkg = read_package(Path(data_dir))  # raises DataError if the tables cannot be read at all
    if check:
        problems = problems_of(pkg)
        if problems:
            raise DataError(problems)
    frames = {}
    for name, rows in pkg.rows.items():
        df = pd.DataFrame(rows, columns=pkg.fields(name), dtype="string").fillna("")
        for col in NUMBER_COLUMNS.get(name, []):
            df[col] = pd.to_numeric(df[col].replace("", None), errors="raise").astype("float64")
        for col in DATE_COLUMNS.get(name, []):
            df[col] = pd.to_datetime(df[col].replace("", None))
        frames[name] = df
    awaiting = awaiting_review(pkg)
    frames["sources"] = frames["sources"][~frames["sources"]["source_id"].isin(list(awaiting))].reset_index(drop=True)
    frames["reference"] = frames["reference"].merge(frames["excerpts"][["excerpt_id", "read_at", "read_on"]],
                                                    on="excerpt_id", how="left", validate="many_to_one")
    return Dataset(**frames, awaiting=awaiting)
