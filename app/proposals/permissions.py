"""Who may do what with proposals: pure predicates over loaded objects and a day.

`day` is the local date (`app.core.clock.today()`); the process's phases must be loaded.
"""
from __future__ import annotations

from datetime import date

from app.auth.permissions import can_participate, is_admin, is_moderator
from app.processes.models import Process
from app.processes.permissions import is_participation_open
from app.proposals.models import Proposal


def can_see_process(user, process: Process) -> bool:
    """Published processes are public; drafts only for admins."""
    return process.published or is_admin(user)


def can_see(user, proposal: Proposal) -> bool:
    """Hidden proposals (moderation) stay visible to moderators and their author; everything else is public."""
    if not can_see_process(user, proposal.process):
        return False
    return not proposal.is_hidden or is_moderator(user) or is_author(user, proposal)


def can_submit(user, process: Process, day: date) -> bool:
    """Confirmed participants submit proposals during the participation phase."""
    return can_participate(user) and is_participation_open(process, day)


def is_author(user, proposal: Proposal) -> bool:
    return bool(user and user.is_authenticated and proposal.author_id == user.id)


def _open_and_active(proposal: Proposal, day: date) -> bool:
    return (is_participation_open(proposal.process, day) and not proposal.is_withdrawn
            and not proposal.is_hidden and not proposal.is_merged)


def can_edit(user, proposal: Proposal, day: date) -> bool:
    """The author edits until someone else has voted or commented, during the participation phase."""
    return (can_participate(user) and is_author(user, proposal) and _open_and_active(proposal, day)
            and proposal.engaged_at is None)


def can_withdraw(user, proposal: Proposal, day: date) -> bool:
    """The author may withdraw the proposal during the participation phase (before an official answer)."""
    return (can_participate(user) and is_author(user, proposal) and _open_and_active(proposal, day)
            and proposal.official_answer is None)


def can_vote(user, proposal: Proposal, day: date) -> bool:
    """Confirmed participants vote on visible, active proposals during the participation phase."""
    return can_participate(user) and _open_and_active(proposal, day)


def can_answer(user) -> bool:
    """Moderators and admins set the status and the official answer."""
    return is_moderator(user)
