"""Analysis runs: themes, duplicates and opinion groups of a process, computed in the background.

models.py (runs, themes, items) · collect.py (submissions and votes from the database) ·
steps.py + pipeline.py (the analysis and its progress) · runner.py (inline, thread or RQ) ·
services.py (start, rename, move) · results.py (the read API for dashboards and the report) ·
queries.py + routes.py (pages under /admin/processes/<slug>/analysis) · cli.py (`flask analysis`).
"""
