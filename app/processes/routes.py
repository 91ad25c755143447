"""Public process pages: the home page and a process's page."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from app.auth.permissions import is_admin
from app.core.clock import today
from app.processes.labels import PHASE_LABELS
from app.processes.phases import process_state
from app.processes.services import get_process, list_published_processes

bp = Blueprint("processes", __name__)


@bp.get("/")
def index():
    day = today()
    processes = [(process, process_state(process, day)) for process in list_published_processes()]
    current = [item for item in processes if item[1].status != "finished"]
    finished = [item for item in processes if item[1].status == "finished"]
    return render_template("processes/index.html", current=current, finished=finished, phase_labels=PHASE_LABELS)


@bp.get("/processes/<slug>/")
def detail(slug: str):
    process = get_process(slug, include_unpublished=is_admin(current_user))
    return render_template(
        "processes/detail.html", process=process, state=process_state(process, today()),
        today=today(), phase_labels=PHASE_LABELS,
    )
