"""Surveys: questionnaires with sections, conditional questions, anonymous or account answering,
results with small-group suppression, and streaming CSV/XLSX exports."""
