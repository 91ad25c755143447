"""The request class of the app: every form and query value is cleaned before any view sees it.

One place for every input (forms, query strings, values read by hand from `request.form`): text is put into
NFC and loses NUL and other control characters, BiDi overrides and zero-width characters
(`app.core.text.clean_input`). Password fields are left as typed: they are hashed, never stored or shown.
"""
from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

from app.core.text import clean_input

_UNTOUCHED = ("password",)


def _cleaned(values: ImmutableMultiDict) -> ImmutableMultiDict:
    if all(value.isascii() and value.isprintable() for value in values.values()):
        return values
    return ImmutableMultiDict(
        (key, value if any(word in key for word in _UNTOUCHED) else clean_input(value))
        for key, value in values.items(multi=True))


class CleanRequest(Request):
    """A Flask request whose `args` and `form` (and so `values`) hold cleaned text."""

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return _cleaned(super().args)

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        super()._load_form_data()
        self.__dict__["form"] = _cleaned(self.__dict__["form"])
