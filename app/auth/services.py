"""Account use cases: register, confirm, authenticate, reset, create (CLI), settings and roles.

Every use case that writes is one transaction (`@use_case`): it commits when it returns and stores
nothing when it raises. Mails go out only after the transaction they announce has committed.
"""
from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.auth.models import DELETED_NAME, ROLE_VALUES, Role, User, new_session_token
from app.auth.passwords import hash_password, needs_rehash, password_problems, verify_password
from app.auth.tokens import ExpiredToken, InvalidToken, make_token, read_token
from app.core.clock import now
from app.core.errors import DomainError
from app.core.mail import send_mail
from app.core.text import clean_text
from app.core.transactions import use_case
from app.extensions import db

# Verified against when the email is unknown, so that both paths take the same time.
_DUMMY_HASH: dict[str, str] = {}


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


DISPLAY_NAME_MAX = 80


def clean_display_name(raw) -> str:
    """A display name as stored: one line, runs of spaces made one, at most 80 characters."""
    return " ".join(clean_text(raw, single_line=True).split())[:DISPLAY_NAME_MAX].strip()


def _like_pattern(text: str) -> str:
    """`text` lower-cased for LIKE, every non-ASCII letter a one-character wildcard (SQLite's lower() and LIKE
    fold ASCII only, so "Änne" and "änne" are compared in Python)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "".join(char if char.isascii() else "_" for char in escaped)


def display_name_taken(name: str, *, except_user_id: int | None = None) -> bool:
    """Someone else already uses `name` (ignoring case)."""
    statement = select(User.id, User.display_name).where(
        func.lower(User.display_name).like(_like_pattern(name), escape="\\"))
    if except_user_id is not None:
        statement = statement.where(User.id != except_user_id)
    wanted = name.casefold()
    return any(other.casefold() == wanted for _user_id, other in db.session.execute(statement))


def _check_display_name(name: str, *, except_user_id: int | None = None) -> str:
    name = clean_display_name(name)
    if not name:  # also a name of invisible characters only
        raise DomainError(_l("Bitte füllen Sie dieses Feld aus."), field="display_name")
    if name.casefold() == DELETED_NAME.casefold() or display_name_taken(name, except_user_id=except_user_id):
        raise DomainError(_l("Dieser Anzeigename ist schon vergeben. Bitte wählen Sie einen anderen."),
                          field="display_name")
    return name


def _check_password(password: str, email: str, display_name: str) -> None:
    problems = password_problems(password, email, display_name)
    if problems:
        raise DomainError(problems[0], field="password")


def register_user(email: str, display_name: str, password: str, locale: str | None = None) -> User | None:
    """Create an unconfirmed citizen account and mail a confirmation link.

    If the address is already registered nothing is created; the owner gets a notice
    instead, so the form does not reveal which addresses have accounts. Not a `@use_case`
    itself: the account is stored by `_add_citizen` (one transaction), and the mail is sent
    only once that has committed.
    """
    email = normalise_email(email)
    display_name = _check_display_name(display_name)
    _check_password(password, email, display_name)
    existing = find_user_by_email(email)
    if existing is not None:
        _send_already_registered(existing)
        return None
    try:
        user = _add_citizen(email, display_name, password, locale)
    except IntegrityError:  # a concurrent registration with the same address or name won the race (rolled back)
        if find_user_by_email(email) is None:
            _check_display_name(display_name)
        return None
    send_confirmation(user)
    return user


@use_case
def _add_citizen(email: str, display_name: str, password: str, locale: str | None) -> User:
    user = User(email=email, display_name=display_name, password_hash=hash_password(password),
                role=Role.CITIZEN.value, locale=locale)
    db.session.add(user)
    return user


def send_confirmation(user: User) -> None:
    """Mail the confirmation link to `user`."""
    token = make_token("confirm", {"uid": user.id, "email": user.email})
    link = url_for("auth.confirm", token=token, _external=True)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Bitte bestätigen Sie Ihre E-Mail-Adresse")
        body = _(
            "Hallo %(name)s,\n\nbitte bestätigen Sie Ihre E-Mail-Adresse mit diesem Link:\n%(link)s\n\n"
            "Der Link ist drei Tage gültig. Wenn Sie sich nicht registriert haben, ignorieren Sie diese E-Mail.",
            name=user.display_name, link=link,
        )
    send_mail(user.email, subject, body)


def _send_already_registered(user: User) -> None:
    link = url_for("auth.reset_request", _external=True)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Sie haben bereits ein Konto")
        body = _(
            "Hallo %(name)s,\n\njemand hat versucht, mit Ihrer E-Mail-Adresse ein neues Konto anzulegen. "
            "Sie haben bereits ein Konto. Falls Sie Ihr Passwort vergessen haben: %(link)s",
            name=user.display_name, link=link,
        )
    send_mail(user.email, subject, body)


@use_case
def confirm_email(token: str) -> User:
    """Mark the account named by a confirmation token as confirmed (idempotent)."""
    try:
        payload = read_token("confirm", token, current_app.config["CONFIRM_TOKEN_MAX_AGE"])
    except ExpiredToken:
        raise DomainError(
            _l("Der Bestätigungslink ist abgelaufen. Bitte melden Sie sich an und fordern Sie einen neuen an.")
        ) from None
    except InvalidToken:
        raise DomainError(_l("Der Bestätigungslink ist ungültig.")) from None
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email"):
        raise DomainError(_l("Der Bestätigungslink ist ungültig."))
    if user.confirmed_at is None:
        user.confirmed_at = now()
    return user


@use_case
def authenticate(email: str, password: str) -> User:
    """Return the user for valid credentials or raise a DomainError with one generic message."""
    user = find_user_by_email(email)
    if user is None:
        if "hash" not in _DUMMY_HASH:
            _DUMMY_HASH["hash"] = hash_password("dummy-password-for-timing")
        verify_password(_DUMMY_HASH["hash"], password)
        raise DomainError(_l("E-Mail-Adresse oder Passwort ist falsch."))
    if not verify_password(user.password_hash, password):
        raise DomainError(_l("E-Mail-Adresse oder Passwort ist falsch."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now()
    return user


def _reset_fingerprint(user: User) -> str:
    # Changes with every new password, so a reset link works only once.
    return user.password_hash[-16:]


def request_password_reset(email: str) -> None:
    """Mail a reset link if an account exists; silent otherwise (no account enumeration)."""
    user = find_user_by_email(email)
    if user is None:
        return
    token = make_token("reset", {"uid": user.id, "fp": _reset_fingerprint(user)})
    link = url_for("auth.reset_password", token=token, _external=True)
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Passwort zurücksetzen")
        body = _(
            "Hallo %(name)s,\n\nmit diesem Link können Sie ein neues Passwort festlegen:\n%(link)s\n\n"
            "Der Link ist zwei Stunden gültig und funktioniert nur einmal. "
            "Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail.",
            name=user.display_name, link=link,
        )
    send_mail(user.email, subject, body)


def user_for_reset_token(token: str) -> User:
    """Return the user a reset token is for, or raise a DomainError."""
    try:
        payload = read_token("reset", token, current_app.config["RESET_TOKEN_MAX_AGE"])
    except ExpiredToken:
        raise DomainError(_l("Der Link zum Zurücksetzen ist abgelaufen. Bitte fordern Sie einen neuen an.")) from None
    except InvalidToken:
        raise DomainError(_l("Der Link zum Zurücksetzen ist ungültig.")) from None
    user = db.session.get(User, payload.get("uid"))
    if user is None or payload.get("fp") != _reset_fingerprint(user):
        raise DomainError(_l("Der Link zum Zurücksetzen ist ungültig oder wurde schon benutzt."))
    return user


@use_case
def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset token; logs out all other sessions.

    Receiving the mail proves the address, so an unconfirmed account becomes confirmed.
    """
    user = user_for_reset_token(token)
    _check_password(new_password, user.email, user.display_name)
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
    if user.confirmed_at is None:
        user.confirmed_at = now()
    return user


@use_case
def end_sessions(user: User) -> None:
    """End every session of `user` (logout, "log out everywhere"): a new session token makes every
    session cookie and remember cookie issued before unusable, including copies of them."""
    user.session_token = new_session_token()


@use_case
def set_preferred_locale(user: User, locale: str) -> None:
    """Remember the language a logged-in user chose."""
    if user.locale != locale:
        user.locale = locale


@use_case
def create_user(email: str, password: str, role: str, display_name: str | None = None) -> User:
    """Create a confirmed account (administration / CLI). Raises DomainError on bad input."""
    email = normalise_email(email)
    if role not in ROLE_VALUES:
        raise DomainError(_l("Unbekannte Rolle: %(role)s", role=role))
    if "@" not in email or len(email) > 254:
        raise DomainError(_l("Bitte geben Sie eine gültige E-Mail-Adresse an."))
    if db.session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise DomainError(_l("Für diese E-Mail-Adresse gibt es bereits ein Konto."))
    display_name = _check_display_name(display_name or email.split("@")[0])
    _check_password(password, email, display_name)
    user = User(email=email, display_name=display_name, password_hash=hash_password(password),
                role=role, confirmed_at=now())
    db.session.add(user)
    return user


@use_case
def update_account(user: User, display_name: str, locale: str, email_notifications: bool) -> None:
    """Save a user's own settings; the display name must not be someone else's."""
    user.display_name = _check_display_name(display_name, except_user_id=user.id)
    user.locale = locale if locale in current_app.config["LANGUAGES"] else user.locale
    user.email_notifications = bool(email_notifications)


@use_case
def change_role(actor: User, user: User, role: str) -> None:
    """Give `user` another role; the last admin cannot remove their own admin rights."""
    if role not in ROLE_VALUES:
        raise DomainError(_l("Unbekannte Rolle: %(role)s", role=role))
    if user.is_admin and role != Role.ADMIN.value:
        admins = db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN.value))
        if admins <= 1:
            raise DomainError(_l("Das letzte Admin-Konto kann seine Rolle nicht abgeben."))
    if role != user.role:
        record(actor, "role", item_kind="user", item_id=user.id, details=f"{user.role} -> {role}")
    user.role = role


def list_users(page: int, per_page: int = 50, query: str = ""):
    """A page of accounts for the administration, filtered by name or email."""
    statement = select(User).order_by(User.created_at.desc(), User.id.desc())
    if query:
        pattern = f"%{query.strip().lower()}%"
        statement = statement.where(func.lower(User.display_name).like(pattern) | User.email.like(pattern))
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


# --- for the account self-service (app.account), which must not reach into passwords/tokens itself ---

def password_matches(user: User, password: str) -> bool:
    """True if `password` is `user`'s current password."""
    return verify_password(user.password_hash, password or "")


def set_new_password(user: User, new_password: str) -> None:
    """Check and set a new password and end every session (new session token). Raises DomainError on a weak
    password (field "password"). Not a use case itself: the caller's transaction stores it."""
    _check_password(new_password, user.email, user.display_name)
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()


def sign_token(purpose: str, payload: dict) -> str:
    """A signed token for `purpose` (see app.auth.tokens)."""
    return make_token(purpose, payload)


def read_signed_token(purpose: str, token: str, max_age: int, *, expired, invalid) -> dict:
    """The payload of a token, or DomainError(`expired`) / DomainError(`invalid`)."""
    try:
        return read_token(purpose, token, max_age)
    except ExpiredToken:
        raise DomainError(expired) from None
    except InvalidToken:
        raise DomainError(invalid) from None
