"""Figures: the numbers and labels the dashboard, the public results page and the council report show.

A composition layer below dashboard, report and exports, which import only `services` and `labels`:

services.py      the public surface: participation, proposal rows, the per-pillar results block,
                 surveys, representativeness, moderation, the latest analysis run (opinion groups,
                 theme map), and the reference distribution (read, save, delete)
labels.py        the translated labels of the analysis library (`report_labels`, `channel_labels`, …)
models.py        the reference distribution an admin enters (`ReferenceShare`)
permissions.py   who may edit the reference
participation.py totals, timeline, breakdowns (SQL aggregates)
results.py       proposal rows and survey results
context.py       representativeness and moderation figures
pillars.py       per pillar: themes with quotes and the most agreed proposals (one order for all)
"""
