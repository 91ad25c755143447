"""German building blocks for demo proposals and comments, per pillar (topic) of the Kiel process.

Titles and bodies are composed from these with a seeded random generator, so that the large
data set reads like real contributions: each pillar has its own vocabulary, districts and
groups vary, and comments take a side.
"""
from __future__ import annotations

import random

GROUPS = [
    "Jugendliche", "Seniorinnen und Senioren", "Studierende", "Familien", "Geflüchtete", "Alleinerziehende",
    "Menschen mit Behinderung", "Neuzugezogene", "Berufstätige", "Schülerinnen und Schüler", "Rentnerinnen und Rentner",
    "Migrantenorganisationen", "kleine Vereine", "Nachbarschaftsinitiativen",
]
PLACES = [
    "Stadtteilbüro", "Stadtbücherei", "Gemeinschaftshaus", "Jugendzentrum", "Bürgerhaus", "Schulhof",
    "Sportplatz", "Kulturzentrum", "Familienzentrum", "Seniorentreff", "Nachbarschaftstreff", "Rathaus",
]
FIELDS = [
    "Sport", "Kultur", "Umweltschutz", "Nachbarschaftshilfe", "Hausaufgabenhilfe", "Flüchtlingshilfe",
    "Seniorenbegleitung", "Jugendarbeit", "Katastrophenschutz", "Tafelarbeit", "Hospizarbeit", "Meeresschutz",
    "Sprachpatenschaften", "Lesepatenschaften", "Repair-Cafés", "Stadtteilgärten",
]

TITLES = {
    0: [  # Engagement in öffentlichen Strukturen verankern
        "Feste Ansprechperson für Ehrenamt in jedem Ortsamt",
        "Engagementbeauftragte im {place} in {district}",
        "Ehrenamtskoordination für {field} dauerhaft finanzieren",
        "Verwaltungsvorgänge für Vereine vereinfachen",
        "Digitale Antragsstelle für Engagementförderung",
        "Räume der Stadt für {groups} kostenlos öffnen",
        "Engagement-Lotsinnen und -Lotsen im {place}",
        "Zuschüsse für {field} schneller bewilligen",
        "Eine Servicestelle Ehrenamt im Rathaus einrichten",
        "Verlässliche Förderung statt Projektförderung für {field}",
        "Ehrenamt in der Stadtplanung von {district} mitdenken",
        "Engagement als Querschnittsaufgabe in allen Ämtern verankern",
    ],
    1: [  # Anerkennungskultur entwickeln
        "Ehrenamtskarte mit Vergünstigungen für {groups}",
        "Kieler Ehrenamtspreis im Bereich {field}",
        "Jährliches Dankeschön-Fest für Engagierte in {district}",
        "Freier Eintritt in Museen und Bäder für Engagierte",
        "Kostenloses Busticket für Ehrenamtliche im Einsatz",
        "Ehrenamtsnachweis für Bewerbungen von {groups}",
        "Engagierte des Monats im Stadtmagazin vorstellen",
        "Fortbildungen für Ehrenamtliche im Bereich {field} kostenfrei anbieten",
        "Anerkennung für junges Engagement an Schulen",
        "Dankeschön-Gutscheine von Kieler Geschäften",
        "Ehrenamtliche bei der Kieler Woche würdigen",
        "Engagement im Zeugnis sichtbar machen",
    ],
    2: [  # Zusammenarbeit mit Institutionen und Wirtschaft
        "Freistellung für Ehrenamt bei Kieler Unternehmen",
        "Unternehmen als Paten für {field} gewinnen",
        "Corporate-Volunteering-Tag der Kieler Wirtschaft",
        "Hochschulen: Engagement als Studienleistung anerkennen",
        "Schulen und Vereine in {district} besser verbinden",
        "Gemeinsame Nutzung von Räumen mit {groups}",
        "Kooperation von Hafenwirtschaft und {field}",
        "Azubis engagieren sich im {place}",
        "Mittelstand unterstützt {field} mit Sachspenden",
        "Engagementbörse mit Betrieben aus {district}",
        "Kirchengemeinden und Stadtteilvereine vernetzen",
        "Pro-bono-Beratung für Vereine durch Kieler Firmen",
    ],
    3: [  # Engagierte stärken und vernetzen
        "Stadtteil-Netzwerk Ehrenamt in {district}",
        "Online-Plattform für Ehrenamtsangebote in Kiel",
        "Stammtisch für Engagierte im Bereich {field}",
        "Qualifizierung für Vereinsvorstände",
        "Mentoring für neue Ehrenamtliche im {place}",
        "Supervision für Ehrenamtliche im Bereich {field}",
        "Engagement-Messe im {place} in {district}",
        "Austausch zwischen {groups} und Vereinen fördern",
        "Nachwuchs für Vereinsämter gezielt gewinnen",
        "Mehrsprachige Infos über Ehrenamt für {groups}",
        "Gemeinsamer Terminkalender der Initiativen in {district}",
        "Fahrgemeinschaften für Engagierte im Umland",
    ],
    4: [  # Eine Engagement-Strategie erarbeiten
        "Klare Ziele und Kennzahlen für die Engagement-Strategie",
        "Engagierte an der Strategie dauerhaft beteiligen",
        "Jährlicher Engagementbericht an die Ratsversammlung",
        "Engagement-Strategie mit festem Budget ausstatten",
        "Beirat für bürgerschaftliches Engagement gründen",
        "Strategie für {groups} im Ehrenamt entwickeln",
        "Engagement-Strategie mit Klimaschutz verbinden",
        "Bestandsaufnahme des Engagements in {district}",
        "Erfahrungen anderer Engagierter Städte nutzen",
        "Strategie regelmäßig überprüfen und anpassen",
        "Ehrenamt und Hauptamt in der Strategie klar trennen",
        "Sozialraumorientierung als Leitidee der Strategie",
    ],
}

PROBLEMS = [
    "In {district} gibt es viele Menschen, die sich engagieren möchten, aber nicht wissen, wo sie anfangen sollen.",
    "Viele Vereine in {district} finden kaum noch Nachwuchs für ihre Vorstände.",
    "Ich engagiere mich seit Jahren im Bereich {field} und erlebe immer wieder, wie viel Zeit in Formulare fließt.",
    "Gerade {groups} fühlen sich von den bisherigen Angeboten kaum angesprochen.",
    "Der Aufwand für Anträge und Abrechnungen schreckt kleine Initiativen ab.",
    "Es fehlen bezahlbare Räume für Treffen und Veranstaltungen.",
    "Ehrenamtliche leisten enorm viel, bekommen aber selten ein Dankeschön.",
    "Informationen über Ehrenamtsangebote sind über viele Stellen verstreut.",
    "Seit der Pandemie sind viele Engagierte nicht zurückgekommen.",
    "Engagement hängt oft an einzelnen Personen und bricht weg, wenn diese aufhören.",
]
IDEAS = {
    0: [
        "Die Stadt sollte eine feste Stelle schaffen, die Engagierte berät und Verwaltungswege abkürzt.",
        "Jedes Ortsamt könnte eine Ansprechperson benennen, die Vereine bei Anträgen unterstützt.",
        "Förderungen sollten über mehrere Jahre zugesagt werden, damit Planungssicherheit entsteht.",
        "Städtische Räume wie das {place} könnten abends und am Wochenende für Initiativen geöffnet werden.",
        "Ein einfaches Online-Formular würde vielen Initiativen die Antragstellung erleichtern.",
    ],
    1: [
        "Eine Ehrenamtskarte mit Vergünstigungen bei Bädern, Museen und dem Nahverkehr wäre ein sichtbares Zeichen.",
        "Ein jährliches Fest im {place} könnte allen Engagierten Danke sagen.",
        "Engagierte könnten kostenlose Fortbildungen an der Volkshochschule erhalten.",
        "Ein Preis für besonders innovative Projekte im Bereich {field} würde Vorbilder sichtbar machen.",
        "Ein Ehrenamtsnachweis hilft besonders {groups} bei Bewerbungen.",
    ],
    2: [
        "Kieler Unternehmen könnten ihren Beschäftigten einen Tag im Jahr für Ehrenamt freistellen.",
        "Betriebe aus {district} könnten Patenschaften für Vereine übernehmen.",
        "Hochschulen sollten Engagement mit Leistungspunkten anerkennen.",
        "Schulen, Vereine und Betriebe könnten Räume und Material gemeinsam nutzen.",
        "Eine Engagementbörse könnte Unternehmen und Initiativen zusammenbringen.",
    ],
    3: [
        "Ein regelmäßiger Austausch der Initiativen in {district} würde Doppelstrukturen vermeiden.",
        "Eine gemeinsame Online-Plattform könnte alle Angebote übersichtlich bündeln.",
        "Neue Ehrenamtliche sollten eine erfahrene Begleitung an die Seite bekommen.",
        "Schulungen zu Vereinsrecht, Finanzen und Öffentlichkeitsarbeit würden Vorstände entlasten.",
        "Mehrsprachige Informationen würden {groups} den Einstieg erleichtern.",
    ],
    4: [
        "Die Strategie braucht messbare Ziele, damit die Ratsversammlung den Fortschritt sieht.",
        "Engagierte sollten in einem Beirat an der Umsetzung beteiligt bleiben.",
        "Ein fester Haushaltsposten würde zeigen, dass die Stadt es ernst meint.",
        "Die Strategie sollte die Unterschiede zwischen den Stadtteilen berücksichtigen.",
        "Ein jährlicher Bericht würde Transparenz über Erfolge und Lücken schaffen.",
    ],
}
REASONS = [
    "So bleibt das Engagement auch dann stabil, wenn sich Personen zurückziehen.",
    "Das würde besonders {groups} helfen, die bisher selten erreicht werden.",
    "Andere Engagierte Städte haben damit gute Erfahrungen gemacht.",
    "Der Aufwand für die Stadt wäre gering, der Nutzen für die Stadtgesellschaft groß.",
    "Damit würde Kiel zeigen, dass Ehrenamt wirklich geschätzt wird.",
    "Gerade in {district} wäre das ein wichtiges Signal.",
    "Das stärkt den Zusammenhalt in der Nachbarschaft.",
]
CLOSINGS = [
    "Ich würde mich freuen, wenn die Idee aufgegriffen wird.",
    "Gern bringe ich meine Erfahrungen aus dem Bereich {field} ein.",
    "Was meinen Sie dazu?",
    "Vielleicht lässt sich das zuerst in einem Stadtteil ausprobieren.",
    "",
]

COMMENTS = {
    "pro": [
        "Sehr gute Idee, das würde vielen in {district} helfen.",
        "Unterstütze ich voll und ganz. Wir erleben das in unserem Verein genauso.",
        "Endlich spricht das jemand an! Im Bereich {field} fehlt genau das.",
        "Das klingt machbar und würde wenig kosten.",
        "Ja, bitte! Das haben wir im {place} schon lange gefordert.",
        "Gute Sache. Vielleicht könnte man {groups} von Anfang an einbeziehen.",
    ],
    "contra": [
        "Ich sehe das skeptisch: Wer soll das dauerhaft bezahlen?",
        "Das schafft nur neue Bürokratie, statt die bestehende abzubauen.",
        "Klingt gut, aber in {district} gibt es ganz andere Probleme.",
        "Ehrenamt sollte freiwillig bleiben und nicht durch Vergünstigungen gelockt werden.",
        "Das gibt es im Grunde schon – es ist nur zu wenig bekannt.",
        "Ich fürchte, das erreicht wieder nur die, die ohnehin schon aktiv sind.",
    ],
    "neutral": [
        "Gibt es dazu schon Erfahrungen aus anderen Städten?",
        "Wie würde das konkret im {place} aussehen?",
        "Wer wäre denn dafür zuständig – die Stadt oder die Träger?",
        "Interessant. Wie viele Menschen wären davon betroffen?",
        "Könnte man das mit dem bestehenden Angebot der Anlaufstellen Nachbarschaft verbinden?",
        "Ich bin unentschieden. Es kommt sehr auf die Umsetzung an.",
    ],
}
REPLIES = [
    "Danke für den Hinweis, daran hatte ich nicht gedacht.",
    "Da stimme ich zu.",
    "Das sehe ich anders: Gerade kleine Vereine würden profitieren.",
    "In {district} klappt das bereits ganz gut, man könnte dort anknüpfen.",
    "Gute Frage – das sollte die Verwaltung beantworten.",
    "Genau das meine ich.",
    "Die Kosten wären überschaubar, wenn man vorhandene Räume nutzt.",
]

OFFICIAL_ANSWERS = {
    "under_review": "Vielen Dank für Ihren Vorschlag. Die Verwaltung prüft derzeit, wie er sich umsetzen lässt.",
    "accepted": "Der Vorschlag wird in die Engagement-Strategie aufgenommen und der Ratsversammlung vorgelegt.",
    "partly_accepted": ("Teile des Vorschlags werden aufgegriffen; "
                        "andere sind bereits durch bestehende Angebote abgedeckt."),
    "rejected": "Der Vorschlag kann leider nicht umgesetzt werden, da die Zuständigkeit nicht bei der Stadt liegt.",
    "implemented": "Der Vorschlag ist umgesetzt. Vielen Dank für Ihre Anregung!",
    "merged": "Der Vorschlag wurde mit einem inhaltlich gleichen Vorschlag zusammengeführt.",
}

FIRST_NAMES = [
    "Anke", "Bernd", "Carla", "Deniz", "Elif", "Frauke", "Gunnar", "Hanna", "Ilka", "Jens", "Katrin", "Lars",
    "Maren", "Nils", "Ole", "Petra", "Quirin", "Rieke", "Sönke", "Tanja", "Uwe", "Vera", "Wiebke", "Yusuf",
    "Zeynep", "Merle", "Hauke", "Inga", "Jannik", "Lena", "Malte", "Svenja", "Torben", "Amira", "Piotr",
]


def fill(template: str, rng: random.Random, district: str | None) -> str:
    """Fill the slots of a template with random groups, places, fields and the district."""
    return template.format(
        district=district or rng.choice(["der Innenstadt", "meinem Stadtteil", "Kiel", "den Stadtteilen"]),
        groups=rng.choice(GROUPS), place=rng.choice(PLACES), field=rng.choice(FIELDS),
    )


def proposal_text(rng: random.Random, pillar: int, district: str | None) -> tuple[str, str]:
    """A (title, body) pair for a proposal in pillar `pillar` (0-4)."""
    template = rng.choice(TITLES[pillar])
    title = fill(template, rng, district)
    roll = rng.random()
    if district and "{district}" not in template and roll < 0.45:
        title = rng.choice(["{d}: ", "Pilotprojekt in {d}: ", "Für {d}: "]).format(d=district) + title
    elif roll < 0.65:
        title += rng.choice(
            [" – besonders für {g}", " – auch für den Bereich {f}", " (Idee aus dem Bereich {f})"]
        ).format(g=rng.choice(GROUPS), f=rng.choice(FIELDS))
    if rng.random() < 0.1:
        title = rng.choice(["Idee: ", "Vorschlag: ", "Bitte prüfen: "]) + title
    sentences = [fill(rng.choice(PROBLEMS), rng, district)]
    sentences += [fill(idea, rng, district) for idea in rng.sample(IDEAS[pillar], rng.randint(1, 2))]
    sentences.append(fill(rng.choice(REASONS), rng, district))
    closing = fill(rng.choice(CLOSINGS), rng, district)
    body = " ".join(sentences)
    if rng.random() < 0.3:
        body += "\n\n**Konkret:**\n\n- " + "\n- ".join(
            fill(idea, rng, district) for idea in rng.sample(IDEAS[pillar], 2)
        )
    if closing:
        body += "\n\n" + closing
    return title[:150], body


def comment_text(rng: random.Random, alignment: str, district: str | None, reply: bool = False) -> str:
    """A comment (or reply) in German for the given alignment."""
    if reply:
        return fill(rng.choice(REPLIES), rng, district)
    text = fill(rng.choice(COMMENTS[alignment]), rng, district)
    if rng.random() < 0.35:
        text += " " + fill(rng.choice(REASONS), rng, district)
    return text


def display_name(rng: random.Random, number: int, districts: list[str]) -> str:
    """A pseudonymous display name such as 'Maren aus Gaarden-Ost' or 'Ole K.'."""
    first = rng.choice(FIRST_NAMES)
    if rng.random() < 0.5:
        return f"{first} aus {rng.choice(districts)}"[:80]
    return f"{first} {chr(65 + number % 26)}."
