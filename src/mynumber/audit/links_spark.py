"""The link audit's scoring on Splink's Spark backend, for when one machine is not enough.

The settings are the DuckDB run's (`links_settings`); only the backend changes. The caller
brings two Spark DataFrames with the folded columns (`unique_id`, `my_number` and
`links_settings.COLUMNS`), folded as on DuckDB: distinct values through `links_fold` (on the
driver, a few million at most), joined back by Spark. PySpark is not a dependency of the project:
this module imports it only when called (docs/audit.md).
"""

from __future__ import annotations

import logging
from typing import Any

from splink import Linker

from mynumber.audit.links_settings import settings

__all__ = ["predict_on_spark"]


def predict_on_spark(spark: Any, links: Any, residents: Any, *, stage: int = 1) -> Any:
    """Return the Spark DataFrame of Splink's predictions (stage 1: each link against its
    number's holder; stage 2: against the residents who may be its true person)."""
    from splink.backends.spark import SparkAPI  # noqa: PLC0415 (it needs pyspark)

    db = SparkAPI(spark_session=spark)  # type: ignore[no-untyped-call]
    left = db.register(links, table_name=f"a_links_{stage}")
    right = db.register(residents, table_name=f"b_residents_{stage}")
    linker = Linker([left, right], settings(stage=stage), log_level=logging.WARNING)
    threshold = None if stage == 1 else 20.0
    return linker.inference.predict(threshold_match_weight=threshold).as_spark_dataframe()
