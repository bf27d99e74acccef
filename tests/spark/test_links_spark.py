"""The link audit's settings on Splink's Spark backend (skipped where PySpark is not installed):
the same weights as on DuckDB for the hand-built cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from mynumber.audit.links_fold import fold_kanji, fold_reading, loose_reading
from mynumber.audit.links_settings import LOW_WEIGHT
from mynumber.kernel.linkexport import LinkedRecord, RegisteredIdentity

from ..unit.audit.links_cases import BENIGN, ERRORS, REGISTRY

pyspark = pytest.importorskip("pyspark")
pytestmark = pytest.mark.spark


def _row(uid: int, record: LinkedRecord | RegisteredIdentity) -> dict[str, object]:
    kana = fold_reading(record.name_kana)
    return {
        "unique_id": uid, "my_number": record.my_number, "name_f": fold_kanji(record.name),
        "kana_f": kana, "kana_l": loose_reading(kana), "birth_date": record.birth_date.isoformat(),
        "sex": record.sex, "address_f": record.address or None,
        "postal_code": record.postal_code or None,
    }  # fmt: skip


def test_stage_1_on_spark_scores_the_family_error_low_and_the_exact_link_high(
    tmp_path: Path,
) -> None:
    from pyspark.sql import SparkSession

    from mynumber.audit.links_spark import predict_on_spark

    spark = SparkSession.builder.master("local[1]").appName("audit-links").getOrCreate()
    # Splink on Spark breaks long lineages with checkpoints, which need a folder.
    spark.sparkContext.setCheckpointDir(str(tmp_path / "checkpoints"))
    try:
        family = ERRORS[("insurer:06130012", "err-family")]
        links = [_row(1, BENIGN[0]), _row(2, family)]
        residents = [_row(i, r) for i, r in enumerate(REGISTRY, start=1)]
        predicted = predict_on_spark(
            spark, spark.createDataFrame(links), spark.createDataFrame(residents)
        )
        weights = {row["unique_id_l"]: row["match_weight"] for row in predicted.collect()}
    finally:
        spark.stop()
    assert weights[1] > LOW_WEIGHT > weights[2]
