"""Site-wide routes: language switch and a health check."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.i18n import remember_locale
from app.auth.services import set_preferred_locale

bp = Blueprint("core", __name__)


def safe_next_url(target: str | None, fallback: str) -> str:
    """Only allow relative, same-site redirect targets (no open redirects)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


@bp.post("/language")
def set_language():
    """Persist the visitor's language choice (session, and the account when logged in)."""
    locale = request.form.get("locale", "")
    if not remember_locale(locale):
        abort(400)
    if current_user.is_authenticated:
        set_preferred_locale(current_user, locale)
    return redirect(safe_next_url(request.form.get("next"), url_for("processes.index")))


@bp.get("/health")
def health():
    """Liveness probe for the load balancer; no database access."""
    return {"status": "ok"}


@bp.get("/datenschutz")
def privacy():
    """Privacy notice (DSGVO Art. 13): what the platform stores and why."""
    return render_template("core/privacy.html")


@bp.get("/barrierefreiheit")
def accessibility():
    """Accessibility statement (BITV 2.0 § 7)."""
    return render_template("core/accessibility.html")
