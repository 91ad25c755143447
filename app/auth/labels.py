"""Translated names of account values, for forms and pages."""
from flask_babel import lazy_gettext as _l

USER_ROLE_LABELS = {"citizen": _l("Bürger*in"), "moderator": _l("Moderation"), "admin": _l("Verwaltung (Admin)")}
