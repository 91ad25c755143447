"""Exports of raw data: the administration's XLSX workbook of a process, and open data (CSV/JSON)."""
