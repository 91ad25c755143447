"""`flask users create` and `flask demo`."""
from __future__ import annotations

from sqlalchemy import func, select

from app.auth.models import User
from app.core.clock import today
from app.extensions import db
from app.processes.models import District, Phase, Process, Topic
from app.processes.permissions import process_state


def counts(app) -> tuple[int, ...]:
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (User, Process, Phase, Topic, District))


def test_users_create_makes_a_confirmed_account_that_can_reach_admin(runner, app, client):
    result = runner.invoke(args=["users", "create", "--email", "a@example.org", "--password", "Rathaus-Kiel-24",
                                 "--role", "admin", "--name", "Ada"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "a@example.org"))
        assert (user.role, user.display_name, user.is_confirmed) == ("admin", "Ada", True)
    client.post("/auth/login", data={"email": "a@example.org", "password": "Rathaus-Kiel-24"})
    assert client.get("/admin/").status_code == 200


def test_users_create_citizen_gets_403_on_admin(runner, client):
    runner.invoke(args=["users", "create", "--email", "c@example.org", "--password", "Rathaus-Kiel-24",
                        "--role", "citizen"])
    client.post("/auth/login", data={"email": "c@example.org", "password": "Rathaus-Kiel-24"})
    assert client.get("/admin/").status_code == 403


def test_users_create_rejects_bad_input_without_traceback(runner, app):
    weak = runner.invoke(args=["users", "create", "--email", "b@example.org", "--password", "kurz",
                               "--role", "citizen"])
    assert weak.exit_code != 0 and "mindestens 10 Zeichen" in weak.output and "Traceback" not in weak.output
    role = runner.invoke(args=["users", "create", "--email", "b@example.org", "--password", "Rathaus-Kiel-24",
                               "--role", "king"])
    assert role.exit_code != 0
    bad_mail = runner.invoke(args=["users", "create", "--email", "kein-at", "--password", "Rathaus-Kiel-24"])
    assert bad_mail.exit_code != 0 and "gültige E-Mail" in bad_mail.output
    runner.invoke(args=["users", "create", "--email", "b@example.org", "--password", "Rathaus-Kiel-24"])
    duplicate = runner.invoke(args=["users", "create", "--email", "B@example.org", "--password", "Rathaus-Kiel-24"])
    assert duplicate.exit_code != 0 and "bereits ein Konto" in duplicate.output
    assert counts(app)[0] == 1


def test_demo_seeds_kiel_once(runner, app):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert first.output.count("password:") == 3
    after_first = counts(app)
    # 3 accounts to log in with, plus 3 demo authors of the sample proposals (app/demo/participation.py).
    assert after_first == (6, 1, 4, 5, 31)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "nothing changed" in second.output and "password:" not in second.output
    assert counts(app) == after_first


def test_demo_process_is_in_participation_and_has_the_five_pillars(runner, app, client):
    runner.invoke(args=["demo"])
    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == "engagement-strategie"))
        assert process_state(process, today()).phase.kind == "participation"
        assert [topic.title for topic in process.topics][:2] == [
            "Engagement in öffentlichen Strukturen verankern", "Anerkennungskultur entwickeln"]
    page = client.get("/processes/engagement-strategie/").get_data(as_text=True)
    assert "Engagement-Strategie für Kiel" in page and "Mettenhof" in page


def test_demo_passwords_work(runner, client):
    output = runner.invoke(args=["demo"]).output
    line = next(line for line in output.splitlines() if line.strip().startswith("admin"))
    email, password = line.split()[1], line.split()[-1]
    client.post("/auth/login", data={"email": email, "password": password})
    assert client.get("/admin/").status_code == 200
