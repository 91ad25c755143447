"""Who may enter the reference distribution the representativeness figures compare against."""
from __future__ import annotations

from app.auth.permissions import is_admin


def can_edit_reference(user) -> bool:
    return is_admin(user)
