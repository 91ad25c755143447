"""Accounts and roles."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import TimestampMixin
from app.extensions import db


class Role(str, enum.Enum):
    CITIZEN = "citizen"
    MODERATOR = "moderator"
    ADMIN = "admin"


ROLE_VALUES = tuple(role.value for role in Role)


def new_session_token() -> str:
    return secrets.token_hex(16)


# The name a deleted account's contributions appear under (stored, so pages, exports and the report that
# read `display_name` show it without knowing about deletion). Not unique: the index below skips deleted
# accounts, and nobody else may take it (`app.auth.services`).
DELETED_NAME = "gelöschtes Konto"


class User(UserMixin, TimestampMixin, db.Model):
    """A person with an account. The email is stored lower-cased and is never shown publicly."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('citizen', 'moderator', 'admin')", name="role_valid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(80), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False, default=Role.CITIZEN.value)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locale: Mapped[str | None] = mapped_column(String(5))
    email_notifications: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # Part of the login cookie: rotating it (password reset) logs out every other session.
    session_token: Mapped[str] = mapped_column(String(32), nullable=False, default=new_session_token)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    blocked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # None: until unblocked
    blocked_reason: Mapped[str | None] = mapped_column(Text)
    # Set when the person deleted the account: the row stays (without personal data) so that votes and
    # kept contributions still count; see docs/account-and-retention.md.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    @property
    def is_moderator(self) -> bool:
        """Moderators and admins can moderate."""
        return self.role in (Role.MODERATOR.value, Role.ADMIN.value)

    @property
    def is_blocked(self) -> bool:
        """Blocked by the moderation, and the block has not ended yet."""
        if self.blocked_at is None:
            return False
        if self.blocked_until is None:
            return True
        from app.core.clock import now

        until = self.blocked_until if self.blocked_until.tzinfo else self.blocked_until.replace(tzinfo=now().tzinfo)
        return until > now()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


# Display names are unique ignoring case (a participant's name cannot be taken by someone else). The services
# also compare umlauts case-insensitively, which SQLite's ASCII-only lower() in this index does not.
# Deleted accounts all share DELETED_NAME, so the index leaves them out.
Index("uq_users_display_name_lower", func.lower(User.display_name), unique=True,
      sqlite_where=User.deleted_at.is_(None), postgresql_where=User.deleted_at.is_(None))
