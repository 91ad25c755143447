"""Security headers for every response."""
from flask import current_app, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Pages of these blueprints are personal or staff-only even when the visitor is not (yet) logged in:
# login, registration, account, administration and moderation.
PRIVATE_BLUEPRINTS = frozenset({"auth", "admin", "moderation", "survey_admin", "analysis_runs", "dashboard",
                                "notifications"})
# Files that are the same for everyone and keep their long cache lifetime (their URL changes with them).
ASSET_ENDPOINTS = frozenset({"static", "site.plotly_stylesheet"})


def must_not_be_stored(endpoint: str | None, blueprint: str | None) -> bool:
    """Whether the response to the current request must stay out of every cache: anything sent to a
    logged-in person and every page of the private blueprints, but not the shared static assets."""
    if endpoint in ASSET_ENDPOINTS:
        return False
    return blueprint in PRIVATE_BLUEPRINTS or current_user.is_authenticated


def add_security_headers(response):
    """Add CSP, framing, sniffing and referrer headers (HSTS in production); `no-store` for personal pages.

    The page cache's anonymous pages and the static assets keep their own cache headers.
    """
    headers = response.headers
    if must_not_be_stored(request.endpoint, request.blueprint):
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("HSTS"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
