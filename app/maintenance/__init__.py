"""Platform housekeeping: retention periods (`flask maintenance purge`)."""
