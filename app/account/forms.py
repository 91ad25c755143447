"""Forms of the account self-service pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from app.account.services import KEEP, REMOVE

_required = DataRequired(message=_l("Bitte füllen Sie dieses Feld aus."))


def _current_password():
    return PasswordField(_l("Aktuelles Passwort"), validators=[_required, Length(max=256)])


class PasswordChangeForm(FlaskForm):
    current_password = _current_password()
    password = PasswordField(_l("Neues Passwort"), validators=[_required, Length(max=256)],
                             description=_l("Mindestens 10 Zeichen; kein verbreitetes Passwort."))
    password_confirm = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[_required, EqualTo("password", message=_l("Die Passwörter stimmen nicht überein."))],
    )


class EmailChangeForm(FlaskForm):
    email = EmailField(_l("Neue E-Mail-Adresse"), validators=[
        _required, Email(message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an."), check_deliverability=False),
        Length(max=254)])
    current_password = _current_password()


class DeleteAccountForm(FlaskForm):
    contributions = RadioField(
        _l("Was soll mit Ihren Vorschlägen und Kommentaren geschehen?"),
        choices=[(KEEP, _l("Behalten, angezeigt als „gelöschtes Konto“")),
                 (REMOVE, _l("Entfernen, soweit der Prozess es zulässt"))],
        default=KEEP, validators=[InputRequired(message=_l("Bitte wählen Sie eine Möglichkeit."))])
    current_password = _current_password()
    confirm = BooleanField(_l("Ja, ich möchte mein Konto endgültig löschen. Das kann nicht rückgängig gemacht werden."),
                           validators=[InputRequired(message=_l("Bitte bestätigen Sie die Löschung."))])
