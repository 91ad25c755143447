"""Use cases of the process set-up that reach beyond the process itself: deleting a topic or district that
proposals or surveys use (what they use moves first, as the administrator chose; never silently)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.core.errors import Conflict, DomainError
from app.core.transactions import use_case
from app.processes import services as process_services
from app.processes.models import District, Phase, Topic
from app.proposals import queries as proposal_queries
from app.proposals import services as proposal_services
from app.surveys import queries as survey_queries
from app.surveys import services as survey_services

NO_DISTRICT = "none"  # the choice "to no district" when a district's proposals are moved


@dataclass(frozen=True)
class Usage:
    """What uses a phase, topic or district: proposals, survey questions (topic), survey responses
    (district) and surveys (phase)."""

    proposals: int = 0
    questions: int = 0
    responses: int = 0
    surveys: int = 0

    @property
    def needs_target(self) -> bool:
        """Proposals or questions must move somewhere before the item can go."""
        return bool(self.proposals or self.questions)


def usage_of(item) -> Usage:
    if isinstance(item, Topic):
        return Usage(proposals=proposal_queries.count_assigned(topic_id=item.id),
                     questions=survey_queries.references_to(topic_id=item.id))
    if isinstance(item, District):
        return Usage(proposals=proposal_queries.count_assigned(district_id=item.id),
                     responses=survey_queries.references_to(district_id=item.id))
    if isinstance(item, Phase):
        return Usage(surveys=survey_queries.references_to(phase_id=item.id))
    raise TypeError(type(item).__name__)


def targets_for(item) -> list:
    """The other topics or districts of the process that what uses `item` may move to."""
    siblings = item.process.topics if isinstance(item, Topic) else item.process.districts
    return [other for other in siblings if other.id != item.id]


def refusal(item, usage: Usage) -> str | None:
    """Why `item` cannot be deleted at all (a topic in use without another topic to move to)."""
    if isinstance(item, Topic) and usage.needs_target and not targets_for(item):
        return str(_l("Dieses Thema wird verwendet, und es gibt kein anderes Thema, zu dem die Vorschläge und "
                      "Fragen wechseln könnten. Legen Sie zuerst ein weiteres Thema an."))
    return None


@use_case
def delete_process_item(actor, item, target: str = "") -> None:
    """Delete a phase, topic or district. If proposals (or survey questions) use a topic or district, `target`
    names where they go: another topic's or district's id, or NO_DISTRICT for a district's proposals.
    Survey responses keep no district that no longer exists; surveys of a deleted phase follow the
    participation phase. Raises Conflict when nothing can move, DomainError(field="target") without a target."""
    usage = usage_of(item)
    reason = refusal(item, usage)
    if reason:
        raise Conflict(reason)
    note = None
    if isinstance(item, Topic | District) and usage.needs_target:
        choices = {str(other.id): other for other in targets_for(item)}
        if isinstance(item, District):
            choices[NO_DISTRICT] = None
        if target not in choices:
            raise DomainError(_l("Bitte wählen Sie, wohin die Vorschläge wechseln."), field="target")
        moved_to = choices[target]
        if isinstance(item, Topic):
            proposal_services.reassign_proposals(from_topic_id=item.id, to_topic_id=moved_to.id)
            survey_services.reassign_question_topics(item.id, moved_to.id)
            note = f"{usage.proposals} Vorschläge und {usage.questions} Fragen → {moved_to.title}"
        else:
            proposal_services.reassign_proposals(from_district_id=item.id,
                                                 to_district_id=moved_to.id if moved_to else None)
            note = f"{usage.proposals} Vorschläge → {moved_to.name if moved_to else 'kein Stadtteil'}"
    process_services.delete_item(item, actor=actor, note=note)
