"""The figures of a process as `analysis.report_data` dataclasses, for the dashboards and the report.

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

from analysis.report_data import Moderation, Participation, ProposalRow, Representativeness, Survey
from app.dashboard import figures_context, figures_participation, figures_results
from app.dashboard.labels import report_labels
from app.processes.models import Process
from app.surveys.kinds import DEMOGRAPHIC_LABELS


def channel_labels() -> dict[str, str]:
    """Translated names of the ways people took part (the timeline's channels)."""
    labels = report_labels()
    return {"proposal": labels["proposals"], "comment": labels["comments"], "vote": labels["votes"],
            "survey": labels["survey_responses"]}


def participation(process: Process, *, topic_id: int | None = None,
                  district_id: int | None = None) -> Participation:
    """Totals, timeline per day and channel, by district and by pillar (see the module docstring)."""
    return figures_participation.participation(process, topic_id=topic_id, district_id=district_id,
                                               channel_labels=channel_labels())


def proposal_rows(process: Process, *, topic_id: int | None = None,
                  district_id: int | None = None) -> list[ProposalRow]:
    """Every visible proposal with reference, pillar, district, translated status, votes, comment count
    and official answer, in reference order."""
    return figures_results.proposal_rows(process, topic_id=topic_id, district_id=district_id)


def survey_results(process: Process) -> list[Survey]:
    """Results of the non-draft surveys of the process (unsuppressed counts)."""
    return figures_results.survey_results(process)


def representativeness(process: Process) -> Representativeness | None:
    """Survey demographics (age group, district) against the entered reference; None without a reference."""
    names = {"age_group": str(DEMOGRAPHIC_LABELS["age_group"]), "district": report_labels()["district"]}
    return figures_context.representativeness(process, names)


def moderation_summary(process: Process) -> Moderation:
    """Reports by reason, moderation actions by kind and the median hours from report to decision."""
    return figures_context.moderation_summary(process)
