"""Moderation use cases, one module per subject; each writes in one transaction and mails after the commit.

- `flags`: participants flag items; moderators hide, restore, dismiss (single and bulk), lock threads, curate.
- `merge`: duplicate candidates and merging proposals.
- `users`: blocking people, setting status and official answers.
- `summary`: the public moderation summary of a process (counts only).
"""
from app.moderation.services.flags import (
                                           curate_proposal,
                                           flag_item,
                                           get_item_for,
                                           moderate,
                                           open_flag_count,
                                           open_flags,
                                           set_thread_lock,
)
from app.moderation.services.merge import duplicate_candidates, merge_pair, merge_proposals, resolve_target
from app.moderation.services.summary import PUBLIC_ACTIONS, Summary, process_summary
from app.moderation.services.users import answer_proposal, block_user, blocked_users, get_user, unblock_user

__all__ = [
    "PUBLIC_ACTIONS", "Summary", "answer_proposal", "block_user", "blocked_users", "curate_proposal",
    "duplicate_candidates", "flag_item", "get_item_for", "get_user", "merge_pair", "merge_proposals", "moderate",
    "open_flag_count", "open_flags", "process_summary", "resolve_target", "set_thread_lock", "unblock_user",
]
