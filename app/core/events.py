"""Domain events: how a lower feature tells higher ones that something happened, without importing them.

A use case sends an event inside its transaction (`proposal_submitted.send(proposal, author=user)`);
receivers run at once, in the same transaction, so what they write is committed or rolled back with it.
Receivers are connected in one place, `create_app`'s `register_event_handlers` step.
"""
from __future__ import annotations

from blinker import Namespace

_events = Namespace()

#: sender: the new Proposal (flushed, with an id); keyword `author`: the User who submitted it.
proposal_submitted = _events.signal("proposal-submitted")

#: sender: the new Comment (flushed); keywords `parent` (Comment or None), `proposal`, `author` (User).
comment_posted = _events.signal("comment-posted")
