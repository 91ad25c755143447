"""Account pages: register, confirm, login, logout, password reset, settings."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import services
from app.auth.forms import AccountForm, LoginForm, RegisterForm, ResetPasswordForm, ResetRequestForm
from app.core.errors import DomainError
from app.core.forms import EmptyForm, show_domain_error
from app.core.i18n import remember_locale, select_locale
from app.core.ratelimit import post_limit
from app.core.urls import safe_next_url

bp = Blueprint("auth", __name__)

CHECK_MAIL = _l("Fast geschafft: Wir haben Ihnen eine E-Mail mit einem Bestätigungslink geschickt.")



@bp.route("/register", methods=["GET", "POST"])
@post_limit("RATELIMIT_REGISTER", per_account=False)
def register():
    if current_user.is_authenticated:
        return redirect(url_for("site.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            services.register_user(form.email.data, form.display_name.data, form.password.data, select_locale())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return render_template("auth/check_mail.html", message=CHECK_MAIL)
    return render_template("auth/register.html", form=form)


@bp.get("/confirm/<token>")
def confirm(token: str):
    try:
        services.confirm_email(token)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("auth.login"))
    flash(_l("Danke! Ihre E-Mail-Adresse ist bestätigt. Sie können jetzt mitmachen."), "success")
    return redirect(url_for("site.index") if current_user.is_authenticated else url_for("auth.login"))


@bp.post("/confirm/resend")
@login_required
def resend_confirmation():
    if EmptyForm().validate_on_submit() and not current_user.is_confirmed:
        services.send_confirmation(current_user)
        flash(CHECK_MAIL, "success")
    return redirect(safe_next_url(request.form.get("next"), url_for("auth.account")))


def blocked_message(user) -> str:
    """Why a blocked person cannot log in to take part (with the end of the block, if any)."""
    if user.blocked_until:
        return _l("Ihr Konto ist bis %(date)s gesperrt. Grund: %(reason)s", reason=user.blocked_reason,
                  date=format_date(user.blocked_until, "long"))
    return _l("Ihr Konto ist gesperrt. Grund: %(reason)s", reason=user.blocked_reason)


@bp.route("/login", methods=["GET", "POST"])
@post_limit("RATELIMIT_LOGIN", per_account=False)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("site.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            if user.is_blocked:
                flash(blocked_message(user), "error")
                return render_template("auth/login.html", form=form), 403
            login_user(user, remember=form.remember.data)
            if user.locale:
                remember_locale(user.locale)
            if not user.is_confirmed:
                flash(_l("Bitte bestätigen Sie noch Ihre E-Mail-Adresse, um mitmachen zu können."), "info")
            return redirect(safe_next_url(request.args.get("next"), url_for("site.index")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if EmptyForm().validate_on_submit():
        if current_user.is_authenticated:
            # The session cookie is signed, not stored: only a new token makes copies of it (and of the
            # remember cookie) unusable. The token is per account, so this ends the other sessions too.
            services.end_sessions(current_user._get_current_object())
        logout_user()
        flash(_l("Sie sind abgemeldet."), "success")
    return redirect(url_for("site.index"))


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere():
    if EmptyForm().validate_on_submit():
        services.end_sessions(current_user._get_current_object())
        logout_user()
        flash(_l("Sie sind jetzt auf allen Geräten abgemeldet."), "success")
        return redirect(url_for("auth.login"))
    return redirect(url_for("auth.account"))


@bp.route("/reset", methods=["GET", "POST"])
@post_limit("RATELIMIT_RESET", per_account=False)
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template(
            "auth/check_mail.html",
            message=_l("Wenn es ein Konto mit dieser Adresse gibt, haben wir einen Link zum Zurücksetzen geschickt."),
        )
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@post_limit("RATELIMIT_RESET", per_account=False)
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("auth.reset_request"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            logout_user()
            flash(_l("Ihr Passwort wurde geändert. Bitte melden Sie sich an."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = AccountForm(obj=current_user)
    if request.method == "GET":
        form.locale.data = current_user.locale or select_locale()
    if form.validate_on_submit():
        try:
            services.update_account(current_user, form.display_name.data, form.locale.data,
                                    form.email_notifications.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            remember_locale(form.locale.data)
            flash(_l("Ihre Einstellungen wurden gespeichert."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, resend_form=EmptyForm(), logout_form=EmptyForm())
