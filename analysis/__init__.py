"""Ratschlag analysis: themes, duplicates, opinion groups and the council report.

A plain library (no web framework). The public API is loaded lazily so that
``import analysis`` stays cheap; heavy dependencies (scikit-learn, pandas) are
only imported when a function is first used.

    >>> from analysis import find_topics, SimilarityIndex, find_opinion_groups
"""

from importlib import import_module

__all__ = [
    "AnalysisError",
    "find_topics",
    "find_duplicates",
    "SimilarityIndex",
    "find_opinion_groups",
    "VoteMatrix",
    "build_report",
    "ReportData",
]

_LAZY = {
    "AnalysisError": "analysis.errors",
    "find_topics": "analysis.topics",
    "find_duplicates": "analysis.duplicates",
    "SimilarityIndex": "analysis.duplicates",
    "find_opinion_groups": "analysis.opinions",
    "VoteMatrix": "analysis.votes",
    "build_report": "analysis.report_builder",
    "ReportData": "analysis.report_data",
}


def __getattr__(name):
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)
