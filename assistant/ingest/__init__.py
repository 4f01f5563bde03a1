"""Ingestion: files -> cleaned, dated documents -> chunks."""
