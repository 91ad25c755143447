"""PDF rendering: the HTML layout (``render_html(…, for_pdf=True)``) through WeasyPrint as a
tagged PDF/UA-1 – structure tree, document language, alternative texts on the charts,
bookmarks from the headings, page numbers – so HTML and PDF share one layout.

WeasyPrint needs Debian's Pango (``libpango-1.0-0``, ``libpangoft2-1.0-0``) and uses the
installed fonts (DejaVu Sans from ``fonts-dejavu-core``); hyphenation (``hyphens: auto``)
comes from pyphen's dictionaries. Nothing is fetched from the network: the document has no
external resources and WeasyPrint's URL fetcher accepts only the embedded chart images (data: URLs).
"""

from __future__ import annotations

import logging
from typing import BinaryIO

from analysis.report_model import Report
from analysis.report_render.blocks import document_title, report_author
from analysis.report_render.charts import ChartImages
from analysis.report_render.html import render_html

PDF_VARIANT = "pdf/ua-1"
# WeasyPrint logs every CSS property it ignores; our style is known to be fine.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.WARNING)




def render_pdf(report: Report, target: str | BinaryIO, charts: ChartImages | None = None) -> None:
    """Write the report as a tagged A4 PDF (PDF/UA-1) to a path or binary stream.

    ``charts``: a started ``ChartImages`` for the chart images; None shows tables only.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    source = render_html(report, charts, for_pdf=True)
    document = HTML(string=source, url_fetcher=URLFetcher(allowed_protocols={"data"})).render(pdf_variant=PDF_VARIANT)
    metadata = document.metadata
    metadata.title = f"{document_title(report)}: {report.betreff}"
    metadata.authors = [report_author(report)]
    metadata.lang = report.language
    metadata.generator = "Ratschlag"
    document.write_pdf(target, pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
