"""The read API /api/v1/ (issue 18): read-only JSON about published processes, its OpenAPI 3.1 document and docs."""
