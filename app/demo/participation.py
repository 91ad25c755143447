"""A handful of realistic proposals, votes and comments for the small Kiel demo (`flask demo`).

Idempotent: nothing is added when the demo process already has proposals.
"""
from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from app.auth.models import User
from app.auth.services import hash_password
from app.comments.models import Comment
from app.demo import kiel
from app.extensions import db
from app.notifications.models import Follow
from app.processes.services import find_process
from app.proposals.models import COUNTER_COLUMNS, Proposal, Vote
from app.proposals.services import reference_for

AUTHORS = [
    ("nachbarin@demo.ratschlag.example", "Nachbarin aus Gaarden"),
    ("trainer@demo.ratschlag.example", "Jugendtrainer Holtenau"),
    ("lesepatin@demo.ratschlag.example", "Lesepatin Wik"),
]
CITIZEN = kiel.DEMO_ACCOUNTS[2][1]

# (author index, pillar index, district or None, title, body, status, official answer)
PROPOSALS = [
    (0, 1, "Gaarden-Ost", "Ehrenamtskarte mit Vergünstigungen in Bädern und Bus",
     "Viele Engagierte in Gaarden haben wenig Geld. Eine **Ehrenamtskarte** könnte freien Eintritt in die "
     "Schwimmhallen, ermäßigte Tickets im Nahverkehr und Rabatte in Kieler Geschäften bieten.\n\n"
     "- Nachweis: mindestens 5 Stunden Engagement im Monat\n- Ausgabe über das nettekieler Ehrenamtsbüro",
     "under_review",
     "Die Verwaltung prüft, wie eine Ehrenamtskarte mit dem Land Schleswig-Holstein abgestimmt werden kann."),
    (1, 2, "Holtenau", "Freistellung für Ehrenamt bei Kieler Unternehmen",
     "Ich trainiere eine Jugendmannschaft. Für Turniere am Freitag muss ich jedes Mal Urlaub nehmen. "
     "Kieler Unternehmen könnten ihren Beschäftigten **einen Tag im Jahr** für Ehrenamt freistellen – "
     "die Stadt als Arbeitgeberin könnte mit gutem Beispiel vorangehen.",
     "submitted", None),
    (2, 3, "Wik", "Stadtteil-Netzwerk für Lesepatenschaften",
     "In der Wik gibt es drei Schulen und zwei Büchereien, die alle Lesepatinnen und Lesepaten suchen. "
     "Ein gemeinsames Netzwerk mit einer Ansprechperson würde Doppelarbeit vermeiden und neue Engagierte "
     "schneller vermitteln.",
     "accepted", "Das Netzwerk wird 2026 als Pilot in der Wik aufgebaut und danach auf weitere Stadtteile übertragen."),
    (None, 0, None, "Eine Servicestelle Ehrenamt im Rathaus",
     "Wer einen Verein gründen oder ein Straßenfest anmelden will, muss mit vielen Ämtern sprechen. "
     "Eine **Servicestelle Ehrenamt** im Rathaus könnte alle Fragen an einer Stelle beantworten und "
     "Anträge weiterleiten.",
     "submitted", None),
    (0, 4, None, "Jährlicher Engagementbericht an die Ratsversammlung",
     "Damit die Engagement-Strategie nicht in der Schublade verschwindet, sollte die Verwaltung jedes Jahr "
     "berichten: Was wurde umgesetzt, was fehlt noch, wie viele Menschen engagieren sich?",
     "submitted", None),
    (1, 1, "Mettenhof", "Dankeschön-Fest für Engagierte im Bürgerhaus Mettenhof",
     "Einmal im Jahr ein Fest für alle, die sich im Stadtteil engagieren – mit Musik, Essen und einer "
     "kleinen Ehrung durch die Stadtpräsidentin. Das kostet wenig und zeigt viel Wertschätzung.",
     "submitted", None),
    (2, 3, None, "Online-Plattform für Ehrenamtsangebote in Kiel",
     "Angebote für Ehrenamt sind über viele Websites verstreut. Eine gemeinsame Plattform, auf der Vereine "
     "ihre Gesuche einstellen und Interessierte nach Stadtteil und Thema filtern können, würde vielen helfen.",
     "submitted", None),
    (None, 2, "Altstadt", "Hochschulen: Engagement als Studienleistung anerkennen",
     "Studierende der CAU und der Fachhochschule könnten Leistungspunkte für Engagement in Kieler Vereinen "
     "erhalten. So finden Vereine Nachwuchs und Studierende lernen die Stadt kennen.",
     "submitted", None),
]
# (proposal index, author index or None for the demo citizen, alignment, text, replies [(author, text)])
COMMENTS = [
    (0, 1, "pro", "Sehr gute Idee! In Hamburg gibt es so eine Karte schon, das funktioniert.",
     [(0, "Danke! Genau daran habe ich auch gedacht.")]),
    (0, 2, "contra", "Ich engagiere mich nicht wegen Rabatten. Das Geld wäre in Räumen besser angelegt.",
     [(None, "Beides wäre schön – aber Räume sind wirklich knapp.")]),
    (1, 0, "neutral", "Wie soll das bei kleinen Betrieben funktionieren, die kaum Personal haben?", []),
    (2, None, "pro", "Das würde ich sofort unterstützen. Unsere Schule sucht seit Monaten Lesepaten.", []),
    (3, 1, "pro", "Ja! Ich habe für unser Vereinsfest fünf verschiedene Formulare ausgefüllt.", []),
]
# (proposal index, voter index or None for the demo citizen, value)
VOTES = [(0, 1, 1), (0, 2, -1), (0, None, 1), (1, 0, 1), (1, 2, 1), (2, 0, 1), (2, 1, 1), (2, None, 0),
         (3, 0, 1), (3, 1, 1), (3, 2, 1), (4, 1, -1), (5, 2, 1), (6, 0, 1), (7, 1, 0)]


def seed_demo_participation(today: date) -> bool:
    """Add the demo proposals to the Kiel process if it has none yet. Returns whether anything was added."""
    process = find_process(kiel.PROCESS_SLUG)
    if process is None or db.session.scalar(
            select(func.count()).select_from(Proposal).where(Proposal.process_id == process.id)):
        return False
    people = _authors()
    moment = datetime.combine(today - timedelta(days=6), time(9, 0), tzinfo=UTC)
    proposals = []
    for number, (author, pillar, district_name, title, body, status, answer) in enumerate(PROPOSALS, start=1):
        district = next((d for d in process.districts if d.name == district_name), None)
        moment += timedelta(hours=13)
        proposal = Proposal(process_id=process.id, number=number, reference=reference_for(process, today.year, number),
                            author_id=people[author].id, topic_id=process.topics[pillar].id,
                            district_id=district.id if district else None, title=title, body=body, status=status,
                            official_answer=answer, answered_at=moment + timedelta(days=2) if answer else None,
                            created_at=moment)
        db.session.add(proposal)
        db.session.flush()
        db.session.add(Follow(user_id=proposal.author_id, proposal_id=proposal.id, created_at=moment))
        proposals.append(proposal)
    seen = set()
    for index, voter, value in VOTES:
        proposal = proposals[index]
        if (proposal.id, people[voter].id) in seen:
            continue
        seen.add((proposal.id, people[voter].id))
        db.session.add(Vote(user_id=people[voter].id, proposal_id=proposal.id, value=value,
                            created_at=proposal.created_at + timedelta(hours=2),
                            updated_at=proposal.created_at + timedelta(hours=2)))
        column = COUNTER_COLUMNS[value]
        setattr(proposal, column, (getattr(proposal, column) or 0) + 1)
        _engage(proposal, people[voter])
    for index, author, alignment, text, replies in COMMENTS:
        proposal = proposals[index]
        root = _comment(proposal, people[author], text, alignment, None)
        for reply_author, reply_text in replies:
            _comment(proposal, people[reply_author], reply_text, "neutral", root)
    db.session.commit()
    return True


def _authors() -> dict:
    people = {}
    for index, (email, name) in enumerate(AUTHORS):
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:  # demo authors nobody logs in as: an unknown random password
            user = User(email=email, display_name=name, role="citizen", locale="de",
                        password_hash=hash_password(secrets.token_urlsafe(24)),
                        confirmed_at=datetime.now(UTC))
            db.session.add(user)
            db.session.flush()
        people[index] = user
    # The demo citizen (whose password `flask demo` prints) takes part too, if the account exists.
    people[None] = db.session.scalar(select(User).where(User.email == CITIZEN)) or people[0]
    return people


def _engage(proposal: Proposal, user: User) -> None:
    if user.id != proposal.author_id and proposal.engaged_at is None:
        proposal.engaged_at = proposal.created_at + timedelta(hours=1)


def _comment(proposal: Proposal, author: User, text: str, alignment: str, parent: Comment | None) -> Comment:
    created = proposal.created_at + timedelta(hours=3 + (proposal.comment_count or 0))
    comment = Comment(proposal_id=proposal.id, author_id=author.id, body=text, alignment=alignment,
                      parent_id=parent.id if parent else None, root_id=parent.id if parent else None,
                      depth=1 if parent else 0, created_at=created)
    db.session.add(comment)
    db.session.flush()
    proposal.comment_count = (proposal.comment_count or 0) + 1
    _engage(proposal, author)
    return comment
