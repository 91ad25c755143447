"""Account forms. Field names are part of the public contract (login: email, password)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

_required = DataRequired(message=_l("Bitte füllen Sie dieses Feld aus."))
_email = Email(message=_l("Bitte geben Sie eine gültige E-Mail-Adresse an."), check_deliverability=False)


class RegisterForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[_required, _email, Length(max=254)],
                       description=_l("Wird nie öffentlich angezeigt."))
    display_name = StringField(
        _l("Anzeigename"),
        validators=[_required, Length(min=2, max=80, message=_l("Der Anzeigename muss 2 bis 80 Zeichen lang sein."))],
        description=_l("Erscheint bei Ihren Beiträgen. Sie können auch ein Pseudonym wählen."),
    )
    password = PasswordField(_l("Passwort"), validators=[_required],
                             description=_l("Mindestens 10 Zeichen; kein verbreitetes Passwort."))
    password_confirm = PasswordField(
        _l("Passwort wiederholen"),
        validators=[_required, EqualTo("password", message=_l("Die Passwörter stimmen nicht überein."))],
    )
    accept_privacy = BooleanField(
        _l("Ich habe die Datenschutzhinweise gelesen und bin mit der Verarbeitung meiner Angaben für diese Beteiligung einverstanden."),  # noqa: E501
        validators=[InputRequired(message=_l("Bitte stimmen Sie den Datenschutzhinweisen zu."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[_required, Length(max=254)])
    password = PasswordField(_l("Passwort"), validators=[_required, Length(max=256)])
    remember = BooleanField(_l("Angemeldet bleiben (30 Tage)"))


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("E-Mail-Adresse"), validators=[_required, _email, Length(max=254)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("Neues Passwort"), validators=[_required],
                             description=_l("Mindestens 10 Zeichen; kein verbreitetes Passwort."))
    password_confirm = PasswordField(
        _l("Neues Passwort wiederholen"),
        validators=[_required, EqualTo("password", message=_l("Die Passwörter stimmen nicht überein."))],
    )


class AccountForm(FlaskForm):
    display_name = StringField(
        _l("Anzeigename"),
        validators=[_required, Length(min=2, max=80, message=_l("Der Anzeigename muss 2 bis 80 Zeichen lang sein."))],
    )
    locale = RadioField(_l("Sprache"), choices=[("de", "Deutsch"), ("en", "English")],
                        validators=[InputRequired(message=_l("Bitte wählen Sie eine Sprache."))])
    email_notifications = BooleanField(_l("Benachrichtigungen auch per E-Mail erhalten"))
