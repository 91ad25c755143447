"""Rows and objects turned into the API's documents (`app.api.schemas`), public fields only.

Texts lose typed-in e-mail addresses and telephone numbers as in the open data (analysis.privacy); no
document has a field for a name, an e-mail address or an account id.
"""
from __future__ import annotations

from datetime import date

from flask import url_for

from analysis.privacy import redact_contacts
from app.api.queries import local_day
from app.processes.models import PhaseKind
from app.processes.permissions import process_state


def _redact_line(line: str) -> str:
    # A line without "@" and with fewer than 9 digits holds no contact (redact_contacts needs one of them):
    # only squeeze its whitespace, as redact_contacts would, without running its expressions.
    if "@" not in line and sum(map(str.isdigit, line)) < 9:
        return " ".join(line.split())
    return redact_contacts(line)


def redact(text: str | None) -> str:
    """Contacts removed line by line, so that paragraphs (and Markdown lists) survive (as in the open data)."""
    if not text:
        return ""
    return "\n".join(_redact_line(line) for line in text.splitlines()).strip()


def results_public(process, day: date) -> bool:
    """Results (survey results, themes, opinion groups) are public from the results phase on, as on the site."""
    if not process.published:
        return False
    state = process_state(process, day)
    return state.status == "finished" or (state.phase is not None and state.phase.kind == PhaseKind.RESULTS.value)


def current_phase(process, day: date) -> str | None:
    state = process_state(process, day)
    return state.phase.kind if state.phase else None


def process_summary(process, day: date) -> dict:
    return {"slug": process.slug, "title": process.title, "summary": process.summary,
            "current_phase": current_phase(process, day),
            "url": url_for("api.process", slug=process.slug, _external=True)}


def process_document(process, day: date) -> dict:
    slug = process.slug
    return {
        "slug": slug, "title": process.title, "summary": process.summary, "description": process.description,
        "current_phase": current_phase(process, day), "results_public": results_public(process, day),
        "phases": [{"kind": phase.kind, "starts_on": phase.starts_on, "ends_on": phase.ends_on}
                   for phase in sorted(process.phases, key=lambda phase: phase.starts_on)],
        "topics": [{"id": topic.id, "title": topic.title, "description": topic.description}
                   for topic in process.topics],
        "districts": [{"id": district.id, "name": district.name} for district in process.districts],
        "links": {name: url_for(endpoint, slug=slug, _external=True) for name, endpoint in (
            ("proposals", "api.proposals"), ("surveys", "api.surveys"), ("analysis", "api.analysis"),
            ("moderation", "api.moderation"))},
    }


def proposal_url_pattern() -> str:
    """The site's address of a proposal with "{id}" in place of its id (url_for once, not per row)."""
    return url_for("discussion.proposal", proposal_id=987654321, _external=True).replace("987654321", "{id}")


def proposal_document(row, merged_from: list[str], pattern: str) -> dict:
    (proposal_id, reference, title, body, status, created_at, agree, disagree, passed, comments, answer, answered_at,
     _merged_id, _merged_reference, topic_id, topic_title, district_id, district_name) = row
    return {
        "reference": reference, "title": redact(title), "body": redact(body),
        "pillar": {"id": topic_id, "title": topic_title},
        "district": {"id": district_id, "name": district_name} if district_id is not None else None,
        "status": status, "created_on": local_day(created_at),
        "counts": {"agree": agree, "disagree": disagree, "pass": passed, "comments": comments},
        "official_answer": redact(answer) or None, "answered_on": local_day(answered_at),
        "merged_from": merged_from, "url": pattern.format(id=proposal_id),
    }


def comment_document(row) -> dict:
    comment_id, parent_id, depth, alignment, body, created_at, up, down = row
    return {"id": comment_id, "parent_id": parent_id, "depth": depth, "alignment": alignment, "body": redact(body),
            "created_on": local_day(created_at), "up": up, "down": down}


def _choices(items) -> list[dict]:
    return [{"key": str(item.get("key", "")), "label": str(item.get("label", ""))} for item in items or []
            if isinstance(item, dict)]


def survey_summary(survey, slug: str) -> dict:
    return {"id": survey.id, "title": survey.title, "status": survey.status, "audience": survey.audience,
            "url": url_for("api.survey", slug=slug, survey_id=survey.id, _external=True)}


def survey_document(survey, slug: str, public: bool) -> dict:
    links = {"results": url_for("api.survey_results", slug=slug, survey_id=survey.id, _external=True)} if public else {}
    return {
        "id": survey.id, "title": survey.title, "description": survey.description, "status": survey.status,
        "audience": survey.audience, "asks_demographics": survey.ask_demographics, "results_public": public,
        "links": links,
        "sections": [{"title": section.title, "description": section.description, "questions": [
            {"id": question.id, "kind": question.kind, "text": question.text, "help_text": question.help_text,
             "required": question.required, "choices": _choices(question.choices), "rows": _choices(question.rows),
             "condition_question_id": question.condition_question_id, "condition_value": question.condition_value}
            for question in section.questions]} for section in survey.sections],
    }


def _cell(cell) -> dict:
    return {"key": str(cell.key or ""), "label": str(cell.label), "count": cell.count,
            "percent": None if cell.percent is None else float(cell.percent)}


def survey_results_document(results) -> dict:
    """Public results as the site shows them: counts of 1 to 4 are null, groups under 5 suppressed;
    no free-text answers."""
    return {
        "survey_id": results.survey.id, "respondents": results.respondents, "suppressed": results.suppressed,
        "questions": [{
            "question_id": result.question.id, "respondents": result.respondents, "suppressed": result.suppressed,
            "cells": [_cell(cell) for cell in result.cells],
            "matrix": [{"label": str(label), "cells": [_cell(cell) for cell in cells]}
                       for label, cells in result.matrix],
            "stats": {name: str(value) for name, value in result.stats.items() if isinstance(value, str | int | float)},
        } for result in results.questions],
        "demographics": {name: [_cell(cell) for cell in cells] for name, cells in results.demographics.items()},
    }


def _statement(statement) -> dict:
    return {"reference": statement.ref, "direction": statement.direction,
            "agree_ratio": float(statement.agree_ratio)}


def analysis_document(run, themes: dict, opinions, visible: set[str], min_group: int) -> dict:
    """Themes (label, size, pillar) and opinion groups of at least `min_group` people; statements only about
    proposals that are still readable (no quotes: a quoted text may have been hidden after the run)."""
    groups = [group for group in (opinions.groups if opinions else []) if group.size >= min_group]
    return {
        "version": run.version, "finished_on": local_day(run.finished_at),
        "themes": [{"label": theme.label, "size": theme.size, "topic_id": topic_id}
                   for topic_id, entries in themes.items() for theme in entries],
        "participants": opinions.participants if opinions else 0,
        "groups": [{"id": str(group.id), "size": group.size,
                    "representative": [_statement(s) for s in group.representative if s.ref in visible]}
                   for group in groups],
        "consensus": [_statement(s) for s in (opinions.consensus if opinions else []) if s.ref in visible],
    }
