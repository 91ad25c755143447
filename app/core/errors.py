"""Domain errors raised by services, and the translated error pages.

Services raise `DomainError` subclasses with a translated, user-facing message;
views turn them into form errors or flash messages. Anything that escapes the
views is rendered by the handlers below, never with a traceback.
"""
from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A business rule was violated; `message` is shown to the user."""

    status_code = 400

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotFound(DomainError):
    status_code = 404


class PermissionDenied(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409


class ConfirmationRequired(PermissionDenied):
    """The account exists but its e-mail address is not confirmed yet; the error page offers to send the
    confirmation link again."""


ERROR_TEXTS = {
    400: (_l("Ungültige Anfrage"), _l("Die Anfrage konnte nicht verarbeitet werden. Bitte prüfen Sie Ihre Eingaben.")),
    403: (_l("Kein Zugriff"), _l("Sie haben keine Berechtigung, diese Seite aufzurufen.")),
    404: (_l("Seite nicht gefunden"), _l("Diese Seite gibt es nicht oder nicht mehr.")),
    405: (_l("Aktion nicht erlaubt"), _l("Diese Aktion ist auf dieser Seite nicht möglich.")),
    409: (_l("Konflikt"), _l("Die Aktion passt nicht zum aktuellen Stand. Bitte laden Sie die Seite neu.")),
    413: (_l("Zu große Anfrage"), _l("Die gesendeten Daten sind zu groß. Bitte kürzen Sie Ihre Eingabe.")),
    429: (_l("Zu viele Anfragen"),
          _l("Sie haben zu viele Anfragen in kurzer Zeit gesendet. Bitte warten Sie einen Moment.")),
    500: (_l("Interner Fehler"),
          _l("Etwas ist schiefgelaufen. Der Fehler wurde protokolliert; bitte versuchen Sie es später erneut.")),
}


def render_error(code: int, detail=None, **context):
    """Render the translated error page for `code` with an optional extra sentence."""
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    return render_template("errors/error.html", code=code, title=title, text=text, detail=detail, **context), code


def register_error_pages(app: Flask) -> None:
    """Install handlers for HTTP errors, CSRF failures, domain errors and crashes."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400,
            _l("Das Formular ist abgelaufen oder ungültig. Bitte laden Sie die Seite neu und senden Sie es erneut."),
        )

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        if isinstance(error, ConfirmationRequired):
            return render_error(error.status_code, error.message, resend_confirmation=True,
                                next_url=request.full_path.rstrip("?") if request.method == "GET" else None)
        return render_error(error.status_code, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        body, code = render_error(error.code if error.code in ERROR_TEXTS else 400)
        response = current_app.make_response((body, code))
        if error.code == 405 and error.get_headers():
            response.headers.update({k: v for k, v in error.get_headers() if k == "Allow"})
        return response

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        try:
            from app.extensions import db

            db.session.rollback()
        except Exception:  # pragma: no cover - the database itself may be the problem
            pass
        return render_error(500)
