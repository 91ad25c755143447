"""The proposal list: filters, full-text search, sort orders, stable random order, pagination."""
from __future__ import annotations

import re

import pytest

from app.core.clock import now
from app.extensions import db
from tests.auth import factories
from tests.proposals import factories as fp

TITLES = [
    ("Ehrenamtskarte mit Vergünstigungen", "Eine Karte für Engagierte mit Rabatten in Bädern.", 0, 0, "submitted"),
    ("Mehr Räume für Vereine", "Vereine in Gaarden brauchen bezahlbare Räume für ihre Treffen.", 1, 1, "accepted"),
    ("Freistellung für Ehrenamt", "Unternehmen sollen Beschäftigte für das Ehrenamt freistellen.", 2, None, "rejected"),
    ("Dankeschön-Fest im Stadtteil", "Ein Fest für alle Ehrenamtlichen im Stadtteil Mettenhof.", 0, 2, "submitted"),
]


@pytest.fixture
def listed(app, users, process):
    """Four proposals with different topics, districts, statuses, votes and comments; returns their ids."""
    with app.app_context():
        process_row = fp.process_by_slug(process)
        voters = [factories.make_user() for _ in range(3)]
        ids = []
        for index, (title, body, topic, district, status) in enumerate(TITLES):
            proposal = fp.make_proposal(process_row, title=title, body=body, topic=process_row.topics[topic],
                                        district=process_row.districts[district] if district is not None else None,
                                        status=status)
            for voter in voters[:index]:  # 0, 1, 2 and 3 votes
                fp.make_vote(proposal, voter)
            for _ in range((3 - index) * 2):  # comments: 6, 4, 2, 0
                fp.make_comment(proposal, voters[0])
            ids.append(proposal.id)
        return {"ids": ids, "topics": [t.id for t in process_row.topics],
                "districts": [d.id for d in process_row.districts]}


def titles(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<h3 id="proposal-\d+-title"><a href="[^"]+">([^<]+)</a>', response.get_data(as_text=True))


def test_newest_first_by_default(client, process, listed):
    assert titles(client.get(f"/processes/{process}/proposals/")) == [t[0] for t in reversed(TITLES)]


def test_sort_by_agreement_and_discussion(client, process, listed):
    by_votes = titles(client.get(f"/processes/{process}/proposals/?sort=agreed"))
    assert by_votes[0] == "Dankeschön-Fest im Stadtteil" and by_votes[-1] == "Ehrenamtskarte mit Vergünstigungen"
    by_comments = titles(client.get(f"/processes/{process}/proposals/?sort=discussed"))
    assert by_comments == [t[0] for t in TITLES]


def test_filter_by_topic_district_and_status(client, process, listed):
    base = f"/processes/{process}/proposals/"
    assert titles(client.get(f"{base}?topic={listed['topics'][0]}")) == [
        "Dankeschön-Fest im Stadtteil", "Ehrenamtskarte mit Vergünstigungen"]
    assert titles(client.get(f"{base}?district={listed['districts'][1]}")) == ["Mehr Räume für Vereine"]
    assert titles(client.get(f"{base}?status=rejected")) == ["Freistellung für Ehrenamt"]
    assert titles(client.get(f"{base}?topic={listed['topics'][0]}&status=accepted")) == []
    assert "Keine Vorschläge passen" in client.get(f"{base}?status=accepted&topic={listed['topics'][0]}").get_data(
        as_text=True)


@pytest.mark.parametrize("query", ["topic=abc", "topic=999999", "district=-3", "status=<script>", "sort=drop+table",
                                   "page=abc", "page=-5", "page=99999999999999999999", "q=" + "x" * 5000,
                                   "q=%25%27%22%5C", "q=%00"])
def test_malformed_list_arguments_never_fail(client, process, listed, query):
    response = client.get(f"/processes/{process}/proposals/?{query}")
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True)


@pytest.mark.parametrize(("query", "expected"), [
    ("Räume", ["Mehr Räume für Vereine"]),
    ("räume vereine", ["Mehr Räume für Vereine"]),
    ("Rabatten", ["Ehrenamtskarte mit Vergünstigungen"]),       # in the body
    ("Mettenhof Fest", ["Dankeschön-Fest im Stadtteil"]),
    ("Ehrenamt Unternehmen", ["Freistellung für Ehrenamt"]),
    ("Raumfahrt", []),
])
def test_full_text_search(client, process, listed, query, expected):
    assert titles(client.get(f"/processes/{process}/proposals/?q={query}")) == expected


def test_search_by_reference_number(app, client, process, listed):
    with app.app_context():
        from app.proposals.models import Proposal

        reference = db.session.get(Proposal, listed["ids"][2]).reference
    assert titles(client.get(f"/processes/{process}/proposals/?q={reference.lower()}")) == ["Freistellung für Ehrenamt"]


def test_german_stemming_on_postgresql(app, client, process, listed):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("German stemming is a PostgreSQL feature; SQLite searches substrings.")
    # "Vereins" and "Treffens" are other forms of words in the proposal: the German dictionary finds them.
    assert titles(client.get(f"/processes/{process}/proposals/?q=Vereins+Treffens")) == ["Mehr Räume für Vereine"]
    assert titles(client.get(f"/processes/{process}/proposals/?q=Vereine+-Gaarden")) == []


def test_random_order_is_stable_per_visitor_and_differs_between_visitors(app, process, users):
    with app.app_context():
        process_row = fp.process_by_slug(process)
        for number in range(30):
            fp.make_proposal(process_row, title=f"Zufallsvorschlag {number:02d}", follow=False)
    first, second = app.test_client(), app.test_client()
    url = f"/processes/{process}/proposals/?sort=random"
    order = titles(first.get(url))
    assert len(order) == 20
    assert titles(first.get(url)) == order                        # stable for one visitor
    assert titles(first.get(url + "&page=2")) and not set(titles(first.get(url + "&page=2"))) & set(order)
    orders = {tuple(titles(client.get(url))) for client in [second, *(app.test_client() for _ in range(4))]}
    assert orders - {tuple(order)}                                # other visitors see other orders
    newest = titles(first.get(f"/processes/{process}/proposals/"))
    assert order != newest


def test_pagination(app, client, process, users):
    with app.app_context():
        process_row = fp.process_by_slug(process)
        for number in range(45):
            fp.make_proposal(process_row, title=f"Vorschlag Seite {number:02d}", follow=False)
    page1 = client.get(f"/processes/{process}/proposals/").get_data(as_text=True)
    assert "45 Vorschläge" in page1 and "Seite 1 von 3" in page1 and 'rel="next"' in page1
    assert len(titles(client.get(f"/processes/{process}/proposals/?page=3"))) == 5
    assert titles(client.get(f"/processes/{process}/proposals/?page=4")) == []


def test_list_shows_the_visitors_own_vote(app, client, citizen_login, process, listed):
    citizen_login("other_citizen")
    client.post(f"/proposals/{listed['ids'][1]}/vote", data={"value": "disagree"})
    page = client.get(f"/processes/{process}/proposals/").get_data(as_text=True)
    assert page.count("Ihre Stimme:") == 1 and "Ihre Stimme: Ablehnung" in page


def test_withdrawn_and_hidden_are_not_listed(app, client, process, listed):
    with app.app_context():
        from app.proposals.models import Proposal

        db.session.get(Proposal, listed["ids"][0]).withdrawn_at = now()
        db.session.get(Proposal, listed["ids"][1]).hidden_at = now()
        db.session.commit()
    assert titles(client.get(f"/processes/{process}/proposals/")) == [
        "Dankeschön-Fest im Stadtteil", "Freistellung für Ehrenamt"]


def test_a_search_lists_the_best_matches_first(app, client, process, listed):
    """Search results are ordered by relevance by default (title matches / ts_rank), newest on request."""
    base = f"/processes/{process}/proposals/"
    found = titles(client.get(f"{base}?q=Ehrenamt"))
    assert found[0] == "Freistellung für Ehrenamt", found  # the word in the title (and twice in the text)
    assert set(found) >= {"Freistellung für Ehrenamt", "Dankeschön-Fest im Stadtteil"}
    newest = titles(client.get(f"{base}?q=Ehrenamt&sort=newest"))
    assert newest[0] == "Dankeschön-Fest im Stadtteil" and sorted(newest) == sorted(found)
    page = client.get(f"{base}?q=Ehrenamt").get_data(as_text=True)
    assert '<option value="relevance" selected>' in page
    assert titles(client.get(base)) == [t[0] for t in reversed(TITLES)]  # without a search: newest first


def test_a_page_beyond_the_end_says_so_and_links_to_the_last_page(client, process, listed):
    page = client.get(f"/processes/{process}/proposals/?page=7&status=submitted").get_data(as_text=True)
    assert "Noch keine Vorschläge" not in page and "Keine Vorschläge passen" not in page
    assert "Diese Seite gibt es nicht: Die Liste hat nur 1 Seite." in page
    link = re.search(r'<a href="([^"]+)">Zur letzten Seite \(1\)</a>', page).group(1)
    assert "page=1" in link and "status=submitted" in link


def test_long_lists_have_numbered_pages_with_first_and_last(app, client, process):
    with app.app_context():
        process_row = fp.process_by_slug(process)
        for number in range(9 * 20 + 1):  # 10 pages of 20
            fp.make_proposal(process_row, title=f"Vorschlag Nummer {number}", body="Ein Text für die Liste.",
                             follow=False)
    page = client.get(f"/processes/{process}/proposals/?page=5").get_data(as_text=True)
    nav = re.search(r'<nav aria-label="Seiten der Vorschläge" class="pagination">.*?</nav>', page, re.S).group(0)
    numbers = re.findall(r'<a href="[^"]*page=(\d+)[^"]*"[^>]*aria-label="Seite \d+[^"]*">(\d+)</a>', nav)
    assert [int(label) for _page, label in numbers] == [1, 3, 4, 5, 6, 7, 10]
    assert 'aria-current="page" aria-label="Seite 5"' in nav and "…" in nav
    assert 'aria-label="Seite 1 (erste)"' in nav and 'aria-label="Seite 10 (letzte)"' in nav
    assert 'rel="prev"' in nav and 'rel="next"' in nav and "Seite 5 von 10" in nav
