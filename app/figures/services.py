"""The figures of a process as `analysis.report_data` dataclasses, for the dashboards and the report,
and the reference distribution they compare against (read, save, delete).

All of them are SQL aggregates (GROUP BY in the database) with a fixed number of queries however
much data there is, on SQLite and PostgreSQL. Counts are exact; privacy suppression ("< 5") is
applied where figures are published, by `analysis.dashboards` / `analysis.report_builder`.

Definitions (also stated on the dashboard page):

* **Contributions** are visible proposals (not withdrawn or hidden), comments on them that are not
  deleted or hidden, votes on them, and completed responses to non-draft surveys of the process.
* **Participants** are the distinct accounts that proposed, commented, voted or completed an
  account survey, plus every completed anonymous survey response (anonymous responses cannot be
  matched to accounts, so someone who also took part with an account may be counted twice).
* The **pillar** filter keeps proposals of that pillar with their comments and votes (survey
  responses belong to no pillar and are left out); the **district** filter keeps proposals located
  in that district with their comments and votes, and survey responses of people who said they
  live there. Days are local calendar days (the platform's time zone, e.g. Europe/Berlin).
"""
from __future__ import annotations

import math

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from analysis.report_data import (
    Moderation,
    Opinions,
    Participation,
    PillarResult,
    ProposalRow,
    Representativeness,
    Survey,
)
from app.analysis_runs.queries import results as analysis_results
from app.audit.services import record
from app.core.errors import DomainError, PermissionDenied
from app.core.text import clean_text
from app.core.transactions import use_case
from app.extensions import db
from app.figures import context as figures_context
from app.figures import participation as figures_participation
from app.figures import permissions
from app.figures import pillars as figures_pillars
from app.figures import results as figures_results
from app.figures.labels import channel_labels, no_district, reference_dimension_labels
from app.figures.models import DIMENSIONS as REFERENCE_DIMENSIONS
from app.figures.models import ReferenceShare
from app.processes.models import Process

TOP_PER_PILLAR = figures_pillars.TOP_PER_PILLAR
SUM_TOLERANCE = 1.0  # percentage points: published shares are rounded


def participation(process: Process, *, topic_id: int | None = None,
                  district_id: int | None = None) -> Participation:
    """Totals, timeline per day and channel, by district and by pillar (see the module docstring)."""
    return figures_participation.participation(process, topic_id=topic_id, district_id=district_id,
                                               channel_labels=channel_labels(), no_district_label=no_district())


def proposal_rows(process: Process, *, topic_id: int | None = None,
                  district_id: int | None = None) -> list[ProposalRow]:
    """Every visible proposal with reference, pillar, district, translated status, votes, comment count
    and official answer, in reference order."""
    return figures_results.proposal_rows(process, topic_id=topic_id, district_id=district_id)


def excluded_proposal_rows(process: Process) -> list[ProposalRow]:
    """Hidden and withdrawn proposals: reference, pillar and status only (for the report's Anlage 1)."""
    return figures_results.excluded_proposal_rows(process)


def most_agreed(rows: list[ProposalRow], n: int) -> list[ProposalRow]:
    """The n rows with the most agree votes; ties by agree share (higher first), then by reference."""
    return figures_pillars.most_agreed(rows, n)


def pillar_results(process: Process, rows: list[ProposalRow], run) -> list[PillarResult]:
    """The per-pillar results block of the results page and the report: per pillar its themes from the
    analysis `run` (or none) with quotes and its TOP_PER_PILLAR most agreed of `rows`, plus a block for
    themes without a pillar. Order and ties: see app/figures/pillars.py."""
    return figures_pillars.pillar_results(process, rows, run)


def latest_run(process: Process):
    """The latest finished analysis run of `process` (themes, opinion groups), or None."""
    return analysis_results.latest_finished_run(process.id)


def opinions(run) -> Opinions | None:
    """The opinion groups and consensus of an analysis run (None without a run or when none were formed)."""
    return analysis_results.opinions_data(run) if run is not None else None


def theme_exclusions(run) -> dict[str, int]:
    """How many submissions the analysis `run` kept out of its themes, by reason ({} without a run)."""
    return analysis_results.theme_exclusions(run) if run is not None else {}


def theme_map_data(run, *, topic_id: int | None = None, district_id: int | None = None,
                   per_theme: int) -> tuple[list[dict], list[dict]]:
    """The theme map of a run: at most `per_theme` points per theme, and per-theme summaries of every item."""
    return analysis_results.theme_map_data(run, topic_id=topic_id, district_id=district_id, per_theme=per_theme)


def survey_results(process: Process) -> list[Survey]:
    """Results of the non-draft surveys of the process (unsuppressed counts)."""
    return figures_results.survey_results(process)


def representativeness(process: Process) -> Representativeness | None:
    """Survey demographics (age group, district) against the entered reference; None without a reference."""
    names = {key: str(label) for key, label in reference_dimension_labels().items()}
    return figures_context.representativeness(process, names)


def moderation_summary(process: Process) -> Moderation:
    """Reports by reason, moderation actions by kind and the median hours from report to decision."""
    return figures_context.moderation_summary(process)


# --- the reference distribution (entered by the administration, audited) -----------------------------

def known_categories(process: Process, dimension: str) -> list[tuple[str, str]]:
    """(category key, label) pairs a reference of `dimension` may name."""
    return figures_context.known_categories(process, dimension)


def reference_of(process: Process) -> dict[str, list[ReferenceShare]]:
    """The stored reference rows of `process` per dimension."""
    return figures_context.reference_of(process)


def _check(actor, process: Process, dimension: str) -> None:
    if not permissions.can_edit_reference(actor):
        raise PermissionDenied(_l("Nur die Verwaltung darf Referenzwerte eingeben."))
    if dimension not in REFERENCE_DIMENSIONS:
        raise DomainError(_l("Unbekanntes Merkmal."))


@use_case
def save_reference(actor, process: Process, dimension: str, shares: dict[str, float], source: str) -> None:
    """Replace the reference of one dimension: shares in percent per known category (0–100, summing to
    100 ± 1) and the source of the numbers. Everything is checked before anything changes; one
    transaction (nothing is stored when anything is wrong)."""
    _check(actor, process, dimension)
    known = dict(known_categories(process, dimension))
    unknown = [key for key in shares if key not in known]
    if unknown:
        raise DomainError(_l("Unbekannte Kategorie: %(names)s.", names=", ".join(sorted(unknown))))
    for key, share in shares.items():
        if share is None or not math.isfinite(share) or not 0 <= share <= 100:
            raise DomainError(_l("Jeder Anteil muss zwischen 0 und 100 %% liegen (%(name)s).", name=known[key]),
                              field=key)
    total = sum(shares.values())
    if abs(total - 100) > SUM_TOLERANCE:
        raise DomainError(_l("Die Anteile ergeben zusammen %(total)s %%; sie müssen 100 %% ergeben "
                             "(Abweichung höchstens 1 Prozentpunkt).", total=f"{total:g}".replace(".", ",")),
                          field="total")
    source = clean_text(source, single_line=True)[:300]
    if not source:
        raise DomainError(_l("Bitte nennen Sie die Quelle der Zahlen."), field="source")
    db.session.execute(delete(ReferenceShare).where(ReferenceShare.process_id == process.id,
                                                    ReferenceShare.dimension == dimension))
    db.session.add_all(ReferenceShare(process_id=process.id, dimension=dimension, category=key, share=share,
                                      source=source) for key, share in shares.items())
    record(actor, "reference_save", process_id=process.id, details=f"{dimension}: {source}")


@use_case
def delete_reference(actor, process: Process, dimension: str) -> bool:
    """Remove the reference of one dimension (one transaction); False if there was none."""
    _check(actor, process, dimension)
    result = db.session.execute(delete(ReferenceShare).where(ReferenceShare.process_id == process.id,
                                                             ReferenceShare.dimension == dimension))
    if not result.rowcount:
        return False
    record(actor, "reference_delete", process_id=process.id, details=dimension)
    return True
