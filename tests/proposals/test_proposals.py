"""Submitting, editing, withdrawing and reading proposals; every bad input stores nothing."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.core.clock import now, today
from app.extensions import db
from app.notifications.models import Follow
from app.proposals.models import Proposal
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp

VALID = {"title": "Mehr Räume für Vereine in Gaarden", "body": "Vereine brauchen bezahlbare Räume für Treffen.",
         "district": ""}


def _form(app, process_slug, **changes):
    with app.app_context():
        process = fp.process_by_slug(process_slug)
        data = dict(VALID, topic=str(process.topics[0].id))
    data.update(changes)
    return data


def test_submit_creates_a_citable_proposal_that_its_author_follows(app, client, citizen_login, process, db_rows):
    citizen_login()
    response = client.post(f"/processes/{process}/proposals/new", data=_form(app, process))
    assert response.status_code == 302
    with app.app_context():
        year = today().year
        proposal = db.session.scalar(select(Proposal))
        assert re.fullmatch(rf"TST-{year}-0001", proposal.reference)
        assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
        assert proposal.author.email == factories.EMAILS["citizen"]
        assert proposal.status == "submitted" and proposal.district_id is None
        assert db.session.scalar(select(Follow.user_id).where(Follow.proposal_id == proposal.id)) == proposal.author_id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"TST-{year}-0001" in page and "Mehr Räume für Vereine in Gaarden" in page


def test_reference_numbers_count_up_per_process(app, client, citizen_login, process):
    citizen_login()
    for _ in range(3):
        assert client.post(f"/processes/{process}/proposals/new", data=_form(app, process)).status_code == 302
    with app.app_context():
        references = list(db.session.scalars(select(Proposal.reference).order_by(Proposal.id)))
    assert [reference[-4:] for reference in references] == ["0001", "0002", "0003"]


def test_district_is_optional_and_stored_when_chosen(app, client, citizen_login, process):
    citizen_login()
    with app.app_context():
        district = fp.process_by_slug(process).districts[1]
        district_id, district_name = district.id, district.name
    response = client.post(f"/processes/{process}/proposals/new", data=_form(app, process, district=str(district_id)))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Proposal.district_id)) == district_id
    assert district_name in client.get(response.headers["Location"]).get_data(as_text=True)


def _other_process_topic(app) -> str:
    with app.app_context():
        return str(make_process().topics[0].id)


BAD_PROPOSALS = [
    ("empty title", {"title": ""}, "Bitte füllen Sie dieses Feld aus."),
    ("blank title", {"title": "    "}, "Bitte füllen Sie dieses Feld aus."),
    ("short title", {"title": "Hm"}, "Der Titel muss 5 bis 150 Zeichen lang sein."),
    ("long title", {"title": "x" * 151}, "Der Titel muss 5 bis 150 Zeichen lang sein."),
    ("empty body", {"body": ""}, "Bitte füllen Sie dieses Feld aus."),
    ("long body", {"body": "y" * 5001}, "Die Beschreibung muss 10 bis 5000 Zeichen lang sein."),
    ("no topic", {"topic": ""}, "Bitte wählen Sie eines der Themen aus."),
    ("unknown topic", {"topic": "999999"}, "Bitte wählen Sie eines der Themen aus."),
    ("topic not a number", {"topic": "abc"}, "Bitte wählen Sie eines der Themen aus."),
    ("unknown district", {"district": "999999"}, "Bitte wählen Sie einen Stadtteil aus der Liste"),
    ("district not a number", {"district": "Gaarden"}, "Bitte wählen Sie einen Stadtteil aus der Liste"),
    # control characters are removed from every request value, so the title is empty
    ("control characters only", {"title": "\x00\x01\x02\x03\x04\x05"}, "Bitte füllen Sie dieses Feld aus."),
    ("invisible characters only", {"title": "\u202e\u200b\u200b\u2066"}, "Bitte füllen Sie dieses Feld aus."),
]


@pytest.mark.parametrize(("changes", "message"), [case[1:] for case in BAD_PROPOSALS],
                         ids=[case[0] for case in BAD_PROPOSALS])
def test_bad_proposal_input_is_refused_with_a_message_and_stores_nothing(app, client, citizen_login, process,
                                                                          db_rows, changes, message):
    citizen_login()
    response = client.post(f"/processes/{process}/proposals/new", data=_form(app, process, **changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db_rows(Proposal) == 0


def test_topic_of_another_process_is_refused(app, client, citizen_login, process, db_rows):
    citizen_login()
    foreign = _other_process_topic(app)
    response = client.post(f"/processes/{process}/proposals/new", data=_form(app, process, topic=foreign))
    assert response.status_code == 400
    assert "Bitte wählen Sie eines der Themen aus." in response.get_data(as_text=True)
    assert db_rows(Proposal) == 0


def test_script_tags_and_javascript_links_are_rendered_harmless(app, client, citizen_login, process):
    citizen_login()
    body = ('<script>alert("x")</script> [Klick](javascript:alert(1)) <img src=x onerror=alert(2)> '
            '[gut](https://www.kiel.de) **fett**')
    response = client.post(f"/processes/{process}/proposals/new",
                           data=_form(app, process, title='<script>alert("t")</script> Titel', body=body))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in page
    assert not re.search(r"href=[\"']?javascript", page)  # the link is left as plain text
    assert "<img" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; Titel" in page
    assert '<a href="https://www.kiel.de" rel="nofollow noopener noreferrer">gut</a>' in page
    assert "<strong>fett</strong>" in page


@pytest.mark.parametrize("body", ["> " * 2500, "[" * 5000, "*a " * 1666, "- " * 2500, "`" * 5000],
                         ids=["nested quotes", "brackets", "emphasis", "nested lists", "backticks"])
def test_huge_markdown_renders(app, client, citizen_login, process, body):
    """The page renders; how fast is measured by benchmarks/markdown_bench.py (target < 2 s)."""
    citizen_login()
    response = client.post(f"/processes/{process}/proposals/new", data=_form(app, process, body=body))
    assert response.status_code in (302, 400)  # a body of only markers may be too short after cleaning
    if response.status_code == 302:
        assert client.get(response.headers["Location"]).status_code == 200


def test_control_characters_are_removed(app, client, citizen_login, process):
    citizen_login()
    response = client.post(f"/processes/{process}/proposals/new",
                           data=_form(app, process, title="Mehr\x00 Bänke\x07 am Ufer",
                                      body="Text\x00 mit Nullbyte ok."))
    assert response.status_code == 302
    with app.app_context():
        proposal = db.session.scalar(select(Proposal))
        assert proposal.title == "Mehr Bänke am Ufer" and "\x00" not in proposal.body


def test_oversized_request_is_refused(app, client, citizen_login, process, db_rows):
    citizen_login()
    response = client.post(f"/processes/{process}/proposals/new",
                           data=_form(app, process, body="z" * (3 * 1024 * 1024)))
    assert response.status_code == 413
    assert db_rows(Proposal) == 0


@pytest.mark.parametrize("current", ["information", "evaluation", "results"])
def test_submitting_is_closed_outside_the_participation_phase(app, client, citizen_login, db_rows, current):
    with app.app_context():
        slug = make_process(current=current).slug
    citizen_login()
    assert client.get(f"/processes/{slug}/proposals/new").status_code == 403
    response = client.post(f"/processes/{slug}/proposals/new", data=_form(app, slug))
    assert response.status_code == 403
    assert "nur während der Beteiligungsphase" in response.get_data(as_text=True)
    assert db_rows(Proposal) == 0


def test_unconfirmed_and_anonymous_cannot_submit(app, client, citizen_login, process, db_rows):
    response = client.post(f"/processes/{process}/proposals/new", data=_form(app, process))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    citizen_login("unconfirmed")
    assert client.post(f"/processes/{process}/proposals/new", data=_form(app, process)).status_code == 403
    assert db_rows(Proposal) == 0


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_post_without_csrf_token_is_refused(app, client, users, process, db_rows):
    login_page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page) or re.search(
        r'name="csrf_token" value="([^"]+)"', login_page)
    client.post("/auth/login", data={"email": factories.EMAILS["citizen"], "password": factories.PASSWORD,
                                     "csrf_token": token.group(1)})
    response = client.post(f"/processes/{process}/proposals/new", data=_form(app, process))
    assert response.status_code == 400
    assert db_rows(Proposal) == 0


@pytest.mark.parametrize("app_overrides", [{"RATELIMIT_PROPOSAL": "2 per hour"}])
def test_submitting_is_rate_limited(app, client, citizen_login, process, db_rows):
    citizen_login()
    statuses = [client.post(f"/processes/{process}/proposals/new", data=_form(app, process)).status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert db_rows(Proposal) == 2


def test_double_submit_of_the_form_creates_distinct_numbers(app, client, citizen_login, process, db_rows):
    citizen_login()
    for _ in range(2):
        client.post(f"/processes/{process}/proposals/new", data=_form(app, process))
    with app.app_context():
        numbers = sorted(db.session.scalars(select(Proposal.number)))
    assert numbers == [1, 2]


# --- similar proposals -----------------------------------------------------------------------

def test_similar_proposals_are_suggested_while_writing(app, client, citizen_login, process, proposal):
    citizen_login("other_citizen")
    response = client.get(f"/processes/{process}/proposals/similar?title=Karte+für+Ehrenamt")
    assert response.status_code == 200 and "Ehrenamtskarte für Kiel" in response.get_data(as_text=True)  # compound
    response = client.get(f"/processes/{process}/proposals/similar?title=Ehrenamtskarte+für+Studierende")
    assert "Ehrenamtskarte für Kiel" in response.get_data(as_text=True)
    response = client.get(f"/processes/{process}/proposals/similar?title=Radwege+an+der+Förde")
    assert "Ehrenamtskarte" not in response.get_data(as_text=True)


def test_similar_check_works_without_javascript_and_stores_nothing(app, client, citizen_login, process, proposal,
                                                                   db_rows):
    citizen_login("other_citizen")
    response = client.post(f"/processes/{process}/proposals/new",
                           data=_form(app, process, title="Eine Ehrenamtskarte", action="check"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Ähnliche Vorschläge gibt es schon" in page and "Ehrenamtskarte für Kiel" in page
    assert 'value="Eine Ehrenamtskarte"' in page  # the draft is kept
    assert db_rows(Proposal) == 1


ORIGINAL = "Ehrenamtskarte mit Vergünstigungen in Bädern und Bus"


@pytest.mark.parametrize("title", [
    "Ehrenamtskarte",
    "Eine Karte für Ehrenamtliche",
    "Vergünstigungen für Engagierte",
    "Ermäßigung im Bus für Ehrenamtliche",
])
def test_similar_suggestions_find_the_demo_original_with_and_without_javascript(app, client, citizen_login, users,
                                                                               title):
    """Issue 12 #21: compound words and prefixes match (Ehrenamtskarte ~ Karte für Ehrenamtliche), umlauts too
    (Vergünstigungen), also among the large data set's look-alikes; the no-JS check shows the same list."""
    from app.core.clock import today
    from app.demo import large
    from app.demo.kiel import PROCESS_SLUG
    from app.demo.seed import seed_kiel

    with app.app_context():
        seed_kiel(today())
        large.seed_large(today(), large.Sizes(participants=30, proposals=120, votes=300, comments=50,
                                              big_thread=10, comment_votes=10))
    citizen_login()
    live = client.get(f"/processes/{PROCESS_SLUG}/proposals/similar", query_string={"title": title})
    assert live.status_code == 200 and ORIGINAL in live.get_data(as_text=True)
    check = client.post(f"/processes/{PROCESS_SLUG}/proposals/new",
                        data={"title": title, "body": "Ganz andere Worte: Radwege, Beleuchtung, Parkplätze.",
                              "action": "check"})
    assert check.status_code == 200
    links = re.findall(r'<li><a href="(/proposals/\d+)"', live.get_data(as_text=True))
    assert re.findall(r'<li><a href="(/proposals/\d+)"', check.get_data(as_text=True)) == links


# --- edit and withdraw -----------------------------------------------------------------------

def test_author_edits_until_others_engage(app, client, citizen_login, process, proposal):
    citizen_login()
    with app.app_context():
        topic_id = fp.process_by_slug(process).topics[1].id
    response = client.post(f"/proposals/{proposal}/edit",
                           data={"title": "Ehrenamtskarte für ganz Kiel", "body": "Neue Beschreibung hier.",
                                 "topic": str(topic_id), "district": ""})
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(Proposal, proposal)
        assert row.title == "Ehrenamtskarte für ganz Kiel" and row.topic_id == topic_id and row.edited_at
        fp.make_vote(row, fp.user_by_email(factories.EMAILS["other_citizen"]))
    assert "bearbeitet am" in client.get(f"/proposals/{proposal}").get_data(as_text=True)
    response = client.post(f"/proposals/{proposal}/edit",
                           data={"title": "Wieder anders", "body": "Noch eine Beschreibung.",
                                 "topic": str(topic_id), "district": ""})
    assert response.status_code == 403
    assert "nicht mehr bearbeitet werden" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Proposal, proposal).title == "Ehrenamtskarte für ganz Kiel"


def test_own_vote_does_not_freeze_the_text(app, client, citizen_login, proposal):
    citizen_login()
    assert client.post(f"/proposals/{proposal}/vote", data={"value": "agree"}).status_code == 302
    assert client.get(f"/proposals/{proposal}/edit").status_code == 200


def test_bad_edit_input_stores_nothing(app, client, citizen_login, process, proposal):
    citizen_login()
    response = client.post(f"/proposals/{proposal}/edit", data={"title": "", "body": "x", "topic": "abc"})
    assert response.status_code == 400
    with app.app_context():
        row = db.session.get(Proposal, proposal)
        assert row.title == "Ehrenamtskarte für Kiel" and row.edited_at is None


@pytest.mark.parametrize("role", ["other_citizen", "moderator", "admin"])
def test_others_cannot_edit_or_withdraw(app, client, citizen_login, proposal, role):
    citizen_login(role)
    assert client.get(f"/proposals/{proposal}/edit").status_code == 403
    assert client.post(f"/proposals/{proposal}/withdraw").status_code == 403
    with app.app_context():
        assert db.session.get(Proposal, proposal).withdrawn_at is None


def test_withdrawn_proposal_leaves_the_list_and_closes_voting(app, client, citizen_login, process, proposal):
    citizen_login()
    assert client.post(f"/proposals/{proposal}/withdraw").status_code == 302
    assert "Ehrenamtskarte für Kiel" not in client.get(f"/processes/{process}/proposals/").get_data(as_text=True)
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert "zurückgezogen" in page
    assert client.post(f"/proposals/{proposal}/withdraw").status_code == 403
    citizen_login("other_citizen")
    response = client.post(f"/proposals/{proposal}/vote", data={"value": "agree"})
    assert response.status_code == 403 and "zurückgezogen" in response.get_data(as_text=True)


def test_a_withdrawn_proposal_says_so_in_its_status(app, client, citizen_login, users, proposal):
    """Not "Eingereicht": the status line of a withdrawn proposal reads "Zurückgezogen" (page and moderation)."""
    citizen_login()
    assert client.post(f"/proposals/{proposal}/withdraw").status_code == 302
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    status = re.search(r'<span class="status [^"]*">(.*?)</span>', page, re.S).group(1)
    assert "Zurückgezogen" in status and "Eingereicht" not in status
    citizen_login("moderator")
    moderation = client.get(f"/moderation/proposals/{proposal}").get_data(as_text=True)
    assert "· Zurückgezogen</p>" in moderation


# --- reading ---------------------------------------------------------------------------------

def test_status_and_official_answer_are_shown(app, client, proposal):
    with app.app_context():
        row = db.session.get(Proposal, proposal)
        row.status, row.official_answer, row.answered_at = "partly_accepted", "Wir prüfen **Teile** davon.", now()
        db.session.commit()
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert "Teilweise angenommen" in page and "Offizielle Antwort" in page and "<strong>Teile</strong>" in page
    listing = client.get(f"/processes/{fp_slug(app, proposal)}/proposals/").get_data(as_text=True)
    assert "Teilweise angenommen" in listing


def fp_slug(app, proposal_id) -> str:
    with app.app_context():
        return db.session.get(Proposal, proposal_id).process.slug


def test_hidden_proposal_is_gone_for_the_public_but_not_for_moderation(app, client, citizen_login, process, proposal):
    with app.app_context():
        db.session.get(Proposal, proposal).hidden_at = now()
        db.session.commit()
    assert client.get(f"/proposals/{proposal}").status_code == 404
    assert "Ehrenamtskarte" not in client.get(f"/processes/{process}/proposals/").get_data(as_text=True)
    citizen_login("other_citizen")
    response = client.post(f"/proposals/{proposal}/vote", data={"value": "agree"})
    assert response.status_code == 404
    citizen_login("moderator")
    assert "ausgeblendet" in client.get(f"/proposals/{proposal}").get_data(as_text=True)


def test_unknown_proposal_is_404(client):
    assert client.get("/proposals/987654").status_code == 404
    assert client.get("/processes/gibt-es-nicht/proposals/").status_code == 404


def test_unpublished_process_proposals_are_hidden(app, client, citizen_login, users):
    with app.app_context():
        process = make_process(published=False)
        slug, proposal_id = process.slug, fp.make_proposal(process).id
    assert client.get(f"/processes/{slug}/proposals/").status_code == 404
    assert client.get(f"/proposals/{proposal_id}").status_code == 404
    citizen_login("admin")
    assert client.get(f"/proposals/{proposal_id}").status_code == 200


def test_concurrent_submissions_get_distinct_reference_numbers(app, users, process):
    import threading

    from app.auth.models import User
    from app.processes.models import Process
    from app.proposals.services import submit_proposal

    with app.app_context():
        authors = [factories.make_user().id for _ in range(6)]
        process_id = fp.process_by_slug(process).id
    barrier, errors = threading.Barrier(len(authors)), []

    def submit(author_id):
        with app.app_context():
            try:
                process_row = db.session.get(Process, process_id)
                _loaded = (process_row.topics, process_row.districts, process_row.phases)  # before the race
                barrier.wait()
                submit_proposal(db.session.get(User, author_id), process_row, title="Gleichzeitig eingereicht",
                                body="Zur selben Zeit wie andere.", topic_id=process_row.topics[0].id, day=today())
            except Exception as error:  # noqa: BLE001 - asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(author,)) for author in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with app.app_context():
        assert sorted(db.session.scalars(select(Proposal.number))) == [1, 2, 3, 4, 5, 6]


def test_topic_placeholder_has_an_empty_value_so_the_browser_requires_a_choice(app, client, citizen_login, process):
    """`required` on a select only works when the placeholder's value is empty (HTML: placeholder label option)."""
    citizen_login()
    page = client.get(f"/processes/{process}/proposals/new").get_data(as_text=True)
    select_tag = re.search(r'<select[^>]*name="topic"[^>]*>', page).group(0)
    assert "required" in select_tag
    first_option = re.search(r'<select[^>]*name="topic"[^>]*>\s*<option([^>]*)>', page).group(1)
    assert 'value=""' in first_option
    assert 'value="0"' not in page
    response = client.post(f"/processes/{process}/proposals/new", data=_form(app, process, topic="0"))
    assert response.status_code == 400 and "Bitte wählen Sie eines der Themen aus." in response.get_data(as_text=True)
    form_page = response.get_data(as_text=True)
    assert re.search(r'<option selected value="">|<option value="" selected>', form_page)


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_unconfirmed_people_are_told_why_and_can_resend_the_link(app, client, users, process, outbox):
    """Issue 12 #20: not a bare 403 – the page says why and offers the confirmation mail again (POST, CSRF)."""
    login_page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/auth/login", data={"email": factories.EMAILS["unconfirmed"], "password": factories.PASSWORD,
                                     "csrf_token": token})
    response = client.get(f"/processes/{process}/proposals/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "bestätigen Sie zuerst Ihre E-Mail-Adresse" in page
    form = re.search(r'<form method="post" action="/auth/confirm/resend".*?</form>', page, re.S)
    assert form and 'name="csrf_token"' in form.group(0)
    assert f'value="/processes/{process}/proposals/new"' in form.group(0)
    assert client.post("/auth/confirm/resend").status_code == 400   # no CSRF token: refused, nothing sent
    assert outbox == []
    csrf = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', form.group(0)).group(1)
    response = client.post("/auth/confirm/resend", data={"csrf_token": csrf,
                                                         "next": f"/processes/{process}/proposals/new"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/processes/{process}/proposals/new")
    [mail] = outbox
    assert mail.to == factories.EMAILS["unconfirmed"]
