"""``Pricing.price_batch``: a pyarrow batch priced row by row in the engine, with no Python
code per row (the columns cross as lists; each row is priced on its own, as a usage record)."""

from typing import Any, Literal, Union

RESULT_COLUMNS = ("micros", "billed_model", "error_code")


def price_batch(
    pricing: Any,
    batch: Any,
    *,
    json_column: Union[str, None] = None,
    errors: Literal["row", "raise"] = "row",
    first: int = 0,
) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if errors not in ("row", "raise"):
        raise ValueError(f'errors must be "row" or "raise", not {errors!r}')
    if isinstance(batch, pa.Table):
        # Batch by batch, a fault named by its row in the table (`records[i]`).
        parts = []
        for b in batch.to_batches():
            parts.append(price_batch(pricing, b, json_column=json_column, errors=errors, first=first))
            first += b.num_rows
        if not parts:
            return _append(batch, [], [], [])
        return pa.Table.from_batches(parts)
    if not isinstance(batch, pa.RecordBatch):
        raise TypeError(f"price_batch takes a pyarrow RecordBatch or Table, not {type(batch).__name__}")
    for name in RESULT_COLUMNS:
        if name in batch.schema.names:
            raise ValueError(f"the batch already has a column {name!r}")
    raise_errors = errors == "raise"
    if json_column is not None:
        texts = batch.column(json_column).to_pylist()
        micros, models, codes = pricing._price_json_rows(texts, raise_errors, first)
    else:
        columns = {}
        for name, col in zip(batch.schema.names, batch.columns):
            if pa.types.is_timestamp(col.type):
                # RFC 3339 in UTC, as records write `at`.
                if col.type.tz is not None:
                    col = col.cast(pa.timestamp(col.type.unit, "UTC"))
                col = pc.strftime(col, format="%Y-%m-%dT%H:%M:%SZ")
            columns[name] = col.to_pylist()
        micros, models, codes = pricing._price_column_rows(columns, batch.num_rows, raise_errors, first)
    return _append(batch, micros, models, codes)


def _append(batch: Any, micros: Any, models: Any, codes: Any) -> Any:
    import pyarrow as pa

    out = batch.append_column("micros", pa.array(micros, pa.int64()))
    out = out.append_column("billed_model", pa.array(models, pa.string()))
    return out.append_column("error_code", pa.array(codes, pa.string()))


CALL_COLUMNS = ("row", "model", "status", "micros", "day", "project", "error_code")


def price_calls(
    pricing: Any,
    batch: Any,
    *,
    json_column: str = "request",
    errors: Literal["row", "raise"] = "raise",
    first: int = 0,
) -> Any:
    import pyarrow as pa

    if errors not in ("row", "raise"):
        raise ValueError(f'errors must be "row" or "raise", not {errors!r}')
    if isinstance(batch, pa.Table):
        # Batch by batch (no copy of the whole table into one), rows numbered in the table.
        parts = []
        for b in batch.to_batches():
            parts.append(price_calls(pricing, b, json_column=json_column, errors=errors, first=first))
            first += b.num_rows
        return pa.Table.from_batches(parts, schema=_calls_schema(pa))
    if not isinstance(batch, pa.RecordBatch):
        raise TypeError(f"price_calls takes a pyarrow RecordBatch or Table, not {type(batch).__name__}")
    texts = batch.column(json_column).to_pylist()
    row, model, status, micros, day, project, code = pricing._price_json_calls(texts, errors == "raise", first)
    return pa.record_batch(
        [
            pa.array(row, pa.int64()),
            pa.array(model, pa.string()),
            pa.array(status, pa.string()),
            pa.array(micros, pa.int64()),
            pa.array(day, pa.string()),
            pa.array(project, pa.string()),
            pa.array(code, pa.string()),
        ],
        schema=_calls_schema(pa),
    )


def _calls_schema(pa: Any) -> Any:
    types = [pa.int64(), pa.string(), pa.string(), pa.int64(), pa.string(), pa.string(), pa.string()]
    return pa.schema(list(zip(CALL_COLUMNS, types)))
