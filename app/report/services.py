"""The report's use cases in one place (the implementations live in drafts.py, data.py, rendering.py)."""
from app.report.data import collect_report_data
from app.report.drafts import get_or_default_draft, reset_draft, save_draft
from app.report.rendering import build_process_report, render_report

__all__ = ["get_or_default_draft", "save_draft", "reset_draft", "collect_report_data", "build_process_report",
           "render_report"]
