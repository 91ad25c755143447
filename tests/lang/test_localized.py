"""The one rule for content languages (app.core.i18n): which text for this locale, and its lang attribute."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.core.errors import DomainError
from app.core.i18n import LocalText, lang_attr, lang_span, language_of, localized, set_translations


def topic(title="Anerkennungskultur entwickeln", title_en=None):
    return SimpleNamespace(title=title, title_en=title_en)


@pytest.mark.parametrize(("title_en", "locale", "text", "lang"), [
    ("Developing a culture of recognition", "en", "Developing a culture of recognition", "en"),
    (None, "en", "Anerkennungskultur entwickeln", "de"),
    ("   ", "en", "Anerkennungskultur entwickeln", "de"),  # blank counts as missing
    ("", "en", "Anerkennungskultur entwickeln", "de"),
    ("Developing a culture of recognition", "de", "Anerkennungskultur entwickeln", "de"),
])
def test_localized_prefers_the_translation_and_falls_back_to_german(title_en, locale, text, lang):
    result = localized(topic(title_en=title_en), "title", locale)
    assert result == text and result.lang == lang and isinstance(result, LocalText)


def test_localized_works_on_dicts_and_missing_fields():
    choice = {"key": "c1", "label": "Ja", "label_en": "Yes"}
    assert (localized(choice, "label", "en"), localized(choice, "label", "en").lang) == ("Yes", "en")
    assert localized({"key": "c2", "label": "Nein"}, "label", "en").lang == "de"
    assert localized(SimpleNamespace(description=None), "description", "en") == ""  # no such text: empty German


def test_plain_strings_are_content_language():
    assert language_of("Ein Kommentar.") == "de"
    assert language_of(LocalText("A comment.", "en")) == "en"


def test_lang_attr_marks_only_other_languages(app):
    german, english = LocalText("Thema", "de"), LocalText("Topic", "en")
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert lang_attr(german) == ' lang="de"'
        assert lang_attr("Vorschlag eines Bürgers") == ' lang="de"'  # user content: German
        assert lang_attr(english) == ""
        assert localized(topic(title_en="Topic"), "title") == "Topic"  # default locale: the interface's
        assert lang_span("<b>Säule</b>") == '<span lang="de">&lt;b&gt;Säule&lt;/b&gt;</span>'  # escaped
    with app.test_request_context("/", headers={"Accept-Language": "de"}):
        assert lang_attr(german) == "" and lang_attr(english) == ' lang="en"'
        assert lang_span("<b>Säule</b>") == "&lt;b&gt;Säule&lt;/b&gt;"
        assert localized(topic(title_en="Topic"), "title") == "Anerkennungskultur entwickeln"


def test_set_translations_cleans_stores_null_and_refuses_too_long(app):
    obj = SimpleNamespace()
    with app.app_context():
        set_translations(obj, {"title": "  Civic engagement \n", "description": ""},
                         single_line={"title": 20}, multi_line={"description": None})
        assert obj.title_en == "Civic engagement" and obj.description_en is None
        set_translations(obj, None, single_line={"title": 20})
        assert obj.title_en is None
        with pytest.raises(DomainError) as error:
            set_translations(obj, {"title": "x" * 21}, single_line={"title": 20})
        assert error.value.field == "title_en"
