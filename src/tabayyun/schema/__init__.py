"""The JSON Schema of the document record (the `tabayyun analyze --format jsonl` contract)."""

from tabayyun.schema.validate import document_schema, validate_record

__all__ = ["document_schema", "validate_record"]
