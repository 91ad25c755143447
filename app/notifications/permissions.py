"""Who may follow proposals (pure predicate)."""
from __future__ import annotations

from app.auth.permissions import can_participate


def can_follow(user, proposal) -> bool:
    """Confirmed participants follow proposals they can see (the route loads only visible ones)."""
    return can_participate(user) and not proposal.is_hidden and not proposal.is_merged
