"""The audit log: an append-only record of moderation and administration actions, used by every feature."""
