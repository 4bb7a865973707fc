"""A month of usage priced on Spark: every record of a Parquet dataset priced by the tariff
engine on the executors (``mapInArrow`` over Arrow batches, no Python code per record), and
spend written by model, day and project, to the micro what ``tariff usage`` gives.

The dataset's ``request`` column holds each record's JSON (as usage exports write it).

    spark-submit examples/spark/price_usage.py INPUT.parquet OUTPUT_DIR [CATALOG.json]

Every executor needs the ``tariff`` wheel (docs/python.md, "Spark on a cluster").
"""

import sys
from typing import Any, Dict, Iterator, Optional

CALLS_SCHEMA = "row long, model string, status string, micros long, day string, project string, error_code string"


def pricer(catalog_text: Optional[str]) -> Any:
    """The function ``mapInArrow`` runs on each partition: one ``Pricing`` a task, each Arrow
    batch's rows turned into their billable calls."""

    def price(batches: Iterator[Any]) -> Iterator[Any]:
        import tariff

        pricing = tariff.Pricing(catalog_text)
        for batch in batches:
            yield pricing.price_calls(batch, json_column="request")

    return price


def spend(spark: Any, input_path: str, catalog_text: Optional[str] = None) -> Dict[str, Any]:
    """Spend by model (each call under its own model), day (the record's UTC day; null when
    undated) and project, as Spark DataFrames."""
    from pyspark.sql import functions as F

    calls = spark.read.parquet(input_path).select("request").mapInArrow(pricer(catalog_text), CALLS_SCHEMA)
    agg = [
        F.count("*").alias("calls"),
        F.sum(F.when(F.col("micros") == 0, 1).otherwise(0)).alias("free_calls"),
        F.sum("micros").alias("micros"),
    ]
    return {
        "by_model": calls.groupBy("model").agg(*agg),
        "by_day": calls.groupBy("day").agg(*agg),
        "by_project": calls.groupBy("project").agg(*agg),
    }


def main(argv: list) -> None:
    from pyspark.sql import SparkSession

    input_path, output = argv[1], argv[2]
    catalog_text = open(argv[3]).read() if len(argv) > 3 else None
    spark = SparkSession.builder.appName("tariff usage").getOrCreate()
    for name, df in spend(spark, input_path, catalog_text).items():
        df.write.mode("overwrite").parquet(f"{output}/{name}")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv)
