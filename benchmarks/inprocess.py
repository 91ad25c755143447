"""In-process page timings for the benchmarks: the app on a temporary SQLite database with the Kiel
demo process, pages rendered through Flask's test client (server-side time, no network)."""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "Benchmark-Kiel-2026"


def make_app(folder: Path):
    """The app on `folder`/bench.sqlite with the Kiel demo seeded; rate limits and CSRF off."""
    os.environ.setdefault("RATSCHLAG_INSTANCE", str(folder))
    from app import create_app
    from app.core.clock import today
    from app.demo.seed import seed_kiel
    from app.extensions import db
    from config import Config

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite'}", WTF_CSRF_ENABLED=False,
                     RATELIMIT_ENABLED=False, SECRET_KEY="benchmark-only-secret", PAGE_CACHE_SECONDS=0)
    app.instance_path = str(folder)
    with app.app_context():
        db.create_all()
        seed_kiel(today())
    return app


def make_citizen(app, email: str, name: str) -> int:
    """A confirmed citizen account with PASSWORD; returns its id."""
    from app.auth.models import User
    from app.auth.passwords import hash_password
    from app.core.clock import now
    from app.extensions import db

    with app.app_context():
        user = User(email=email, display_name=name, role="citizen", password_hash=hash_password(PASSWORD),
                    confirmed_at=now(), locale="de")
        db.session.add(user)
        db.session.commit()
        return user.id


def logged_in(app, email: str):
    client = app.test_client()
    if client.post("/auth/login", data={"email": email, "password": PASSWORD}).status_code != 302:
        raise SystemExit(f"could not log in {email}")
    return client


def measure(client, url: str, rounds: int) -> dict:
    """The first GET (templates compiled) and `rounds` more: first, median and worst in seconds."""
    seconds = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code}")
    return {"first_seconds": round(seconds[0], 3), "median_seconds": round(statistics.median(seconds[1:]), 3),
            "max_seconds": round(max(seconds[1:]), 3), "kilobytes": round(len(response.data) / 1024, 1)}


def load_average() -> list[float]:
    return [round(x, 1) for x in os.getloadavg()]
