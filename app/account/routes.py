"""Account self-service pages: change password and e-mail address, log out everywhere, download my data,
delete my account. Views are thin: the rules are in `app.account.services`."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from app.account import services
from app.account.datafile import build_zip
from app.account.forms import DeleteAccountForm, EmailChangeForm, PasswordChangeForm
from app.core.clock import now
from app.core.errors import DomainError
from app.core.forms import EmptyForm, show_domain_error
from app.core.ratelimit import user_or_address
from app.extensions import limiter

bp = Blueprint("account", __name__)

# One budget for every POST that checks the password or sends mail or data, per account, so that guessing
# cannot spread over the forms.
account_limit = limiter.shared_limit(lambda: current_app.config["RATELIMIT_ACCOUNT"], scope="account",
                                     methods=["POST"], key_func=user_or_address)


def _me():
    return current_user._get_current_object()


@bp.route("/password", methods=["GET", "POST"])
@login_required
@account_limit
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            user = services.change_password(_me(), form.current_password.data, form.password.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            login_user(user)  # this browser stays logged in with the new session token
            flash(_l("Ihr Passwort wurde geändert. Alle anderen Anmeldungen sind beendet."), "success")
            return redirect(url_for("auth.account"))
    return render_template("account/password.html", form=form)


@bp.route("/email", methods=["GET", "POST"])
@login_required
@account_limit
def email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(_me(), form.current_password.data, form.email.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_l("Wir haben einen Bestätigungslink an die neue Adresse geschickt. Bis Sie ihn öffnen, "
                     "gilt Ihre bisherige Adresse."), "success")
            return redirect(url_for("auth.account"))
    return render_template("account/email.html", form=form)


@bp.get("/email/confirm/<token>")
def confirm_email(token: str):
    try:
        services.confirm_email_change(token)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_l("Ihre neue E-Mail-Adresse ist bestätigt und gilt ab sofort."), "success")
    return redirect(url_for("auth.account") if current_user.is_authenticated else url_for("auth.login"))


@bp.post("/logout-everywhere")
@login_required
@account_limit
def logout_everywhere():
    if EmptyForm().validate_on_submit():
        services.end_all_sessions(_me())
        logout_user()
        flash(_l("Sie sind jetzt auf allen Geräten abgemeldet."), "success")
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.account"))


@bp.route("/data", methods=["GET", "POST"])
@login_required
@account_limit
def data():
    form = EmptyForm()
    if form.validate_on_submit():
        user = _me()
        services.record_data_export(user)
        archive = build_zip(user.id)
        name = f"ratschlag-meine-daten-{now().date().isoformat()}.zip"
        return send_file(archive, mimetype="application/zip", as_attachment=True, download_name=name,
                         max_age=0)
    return render_template("account/data.html", form=form)


@bp.route("/delete", methods=["GET", "POST"])
@login_required
@account_limit
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(_me(), form.current_password.data, form.confirm.data, form.contributions.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            logout_user()
            flash(_l("Ihr Konto wurde gelöscht."), "success")
            return redirect(url_for("site.index"))
    return render_template("account/delete.html", form=form)
