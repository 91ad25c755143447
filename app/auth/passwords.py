"""Argon2id password hashing and the password strength rule."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
MAX_LENGTH = 256
MIN_DISTINCT_CHARACTERS = 5

# A short list of passwords that are always guessed first (Top lists of leaked passwords).
COMMON_PASSWORDS = frozenset(
    {
        "passwort123", "password123", "1234567890", "qwertz1234", "qwerty1234", "hallo12345",
        "passwort1234", "password1234", "0123456789", "ichliebedich", "abcdefghij", "kiel123456",
        "sommer2024", "sommer2025", "sommer2026", "winter2025", "winter2026", "ratschlag123",
        "1q2w3e4r5t", "a1b2c3d4e5", "iloveyou12", "schalke04!", "keinpasswort",
    }
)


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    """Return an argon2id hash of `password`."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if `password` matches; never raises for malformed hashes."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than configured now."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def password_problems(password: str, email: str = "", display_name: str = "") -> list:
    """Return translated reasons why `password` is too weak (empty list: acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_l("Das Passwort muss mindestens %(n)d Zeichen lang sein.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        problems.append(_l("Das Passwort darf höchstens %(n)d Zeichen lang sein.", n=MAX_LENGTH))
    if len(set(password)) < MIN_DISTINCT_CHARACTERS:
        problems.append(_l("Das Passwort besteht aus zu wenigen verschiedenen Zeichen."))
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS:
        problems.append(_l("Dieses Passwort ist zu verbreitet und leicht zu erraten."))
    personal = [part for part in (email.split("@")[0].lower(), display_name.lower()) if len(part) >= 4]
    if any(part in lowered for part in personal):
        problems.append(_l("Das Passwort darf Ihren Namen oder Ihre E-Mail-Adresse nicht enthalten."))
    return problems
