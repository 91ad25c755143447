"""Exceptions raised by the analysis package.

Every problem caused by the *input* (missing file, wrong columns, too little
data) is raised as a subclass of :class:`AnalysisError`, whose message is a
plain sentence meant for the person running the analysis. The CLI prints that
sentence to stderr and exits with status 2, without a traceback.
"""


class AnalysisError(Exception):
    """Base class for all input and data problems reported by ``analysis``."""


class InputFileError(AnalysisError):
    """A file could not be read: missing, empty, not UTF-8 or not valid CSV/JSON."""


class MissingColumnError(AnalysisError):
    """A required column is missing from a table."""


class NotEnoughDataError(AnalysisError):
    """The data is valid but too small or too uniform to analyse."""


class ParameterError(AnalysisError):
    """A parameter does not fit the data or its range (e.g. more themes than the texts allow)."""
