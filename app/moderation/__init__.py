"""Moderation: reports, the moderation queue, merging duplicates, blocking users and the audit log."""
