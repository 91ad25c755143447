"""Public legal pages: Impressum, privacy notice, accessibility statement with its feedback form (works without
JavaScript), Leichte Sprache and Deutsche Gebärdensprache."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for

from app.core.errors import DomainError
from app.core.forms import show_domain_error
from app.core.ratelimit import post_limit
from app.legal import queries, services
from app.legal.forms import FeedbackForm
from app.legal.labels import CONFORMITY_LABELS, ENFORCEMENT_URL
from app.processes.services import get_process, list_published_processes

bp = Blueprint("legal", __name__)


@bp.get("/impressum")
def imprint():
    """Impressum: the operator and its representative, contact and the person responsible for the content."""
    return render_template("legal/imprint.html", details=queries.legal_details())


@bp.get("/datenschutz")
def privacy():
    """Privacy notice (DSGVO Art. 13): controller, DPO, purposes, legal bases, recipients, retention, rights."""
    return render_template("legal/privacy.html", details=queries.legal_details())


@bp.get("/barrierefreiheit")
def accessibility():
    """Accessibility statement in the structure of the EU model statement (§ 12c LBGG S-H)."""
    return render_template("legal/accessibility.html", details=queries.legal_details(),
                           conformity_labels=CONFORMITY_LABELS, enforcement_url=ENFORCEMENT_URL)


@bp.route("/barrierefreiheit/rueckmeldung", methods=["GET", "POST"])
@post_limit("RATELIMIT_ACCESSIBILITY_FEEDBACK", per_account=False)
def feedback():
    """Report a barrier: a plain form (no JavaScript needed); stored and mailed to the configured address."""
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            services.submit_feedback(message=form.message.data, page=form.page.data or "",
                                     name=form.name.data or "", email=form.email.data or "")
        except DomainError as error:
            show_domain_error(form, error)
        else:
            return redirect(url_for("legal.feedback_thanks"))
    status = 400 if form.errors else 200
    return render_template("legal/feedback.html", form=form), status


@bp.get("/barrierefreiheit/rueckmeldung/danke")
def feedback_thanks():
    """Confirmation after a barrier was reported."""
    return render_template("legal/feedback_thanks.html")


@bp.get("/leichte-sprache")
def easy_language():
    """The platform and how to take part, in Leichte Sprache, with the current processes."""
    processes = list_published_processes()
    summaries = queries.easy_language_summaries([process.id for process in processes])
    return render_template("legal/easy_language.html", processes=processes, summaries=summaries)


@bp.get("/leichte-sprache/<slug>")
def easy_language_process(slug: str):
    """A process explained in Leichte Sprache (or a note that there is no summary yet)."""
    process = get_process(slug, with_children=False)
    return render_template("legal/easy_language_process.html", process=process,
                           summary=queries.easy_language_summary(process.id))


@bp.get("/gebaerdensprache")
def sign_language():
    """Information in Deutsche Gebärdensprache: the configured videos, or a note that there are none yet."""
    return render_template("legal/sign_language.html", videos=queries.list_videos(),
                           is_local_video=services.is_local_video)
