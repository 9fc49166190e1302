"""Audit rules: each takes extracted items and returns findings pointing at exact spans."""

from tabayyun.audit.document import RULES, audit_document

__all__ = ["RULES", "audit_document"]
