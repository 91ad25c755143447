"""Seeding the Kiel demo: idempotent, so running it twice changes nothing."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.auth.services import hash_password
from app.core.clock import now
from app.demo import kiel
from app.demo.legal import seed_kiel_legal
from app.demo.participation import seed_demo_participation
from app.demo.surveys import seed_kiel_survey
from app.extensions import db
from app.processes.models import District, Phase, Process, Topic
from app.processes.services import find_process
from app.report.models import ReportDraft


@dataclass
class SeedResult:
    created: bool
    accounts: list[tuple[str, str, str]]  # (role, email, password) of accounts created now


def demo_exists() -> bool:
    return find_process(kiel.PROCESS_SLUG) is not None


def seed_kiel(today: date) -> SeedResult:
    """Create the Kiel process and one account per role, unless they exist already."""
    accounts = _seed_accounts()
    if demo_exists():
        db.session.commit()
        seed_kiel_legal(find_process(kiel.PROCESS_SLUG).id)
        seed_demo_participation(today)
        return SeedResult(created=False, accounts=accounts)
    process = Process(published=True, **kiel.PROCESS, **kiel.PROCESS_EN)
    db.session.add(process)
    for kind, starts_on, ends_on, description in kiel.phase_plan(today):
        db.session.add(Phase(process=process, kind=kind, starts_on=starts_on, ends_on=ends_on, description=description,
                             description_en=kiel.PHASES_EN[kind]))
    for position, ((title, description), (title_en, description_en)) in enumerate(
            zip(kiel.TOPICS, kiel.TOPICS_EN, strict=True), start=1):
        db.session.add(Topic(process=process, position=position, title=title, description=description,
                             title_en=title_en, description_en=description_en))
    for position, name in enumerate(kiel.DISTRICTS, start=1):
        db.session.add(District(process=process, position=position, name=name))
    db.session.flush()
    db.session.add(ReportDraft(process_id=process.id, beratungsfolge=[], **kiel.REPORT_DRAFT))
    db.session.commit()
    seed_kiel_legal(process.id)
    seed_demo_participation(today)
    seed_kiel_survey(process, today)
    return SeedResult(created=True, accounts=accounts)


def _seed_accounts() -> list[tuple[str, str, str]]:
    created = []
    for role, email, name in kiel.DEMO_ACCOUNTS:
        if db.session.scalar(select(User.id).where(User.email == email)) is not None:
            continue
        password = secrets.token_urlsafe(12)
        db.session.add(User(email=email, display_name=name, role=role, password_hash=hash_password(password),
                            confirmed_at=now(), locale="de"))
        created.append((role, email, password))
    return created
