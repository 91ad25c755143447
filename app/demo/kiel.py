"""The Kiel demo process: "Engagement-Strategie", drawn from Geschäftliche Mitteilung 0925/2021.

History (per the seed paper, GM 0925/2021): on 20.07.2017 the Ratsversammlung asked the administration
(Drs. 0698/2017) for a concept to recognise voluntary work; in GM 0925/2021 the administration presented
that concept and announced that it would develop an Engagement-Strategie in a broad participation process
and present it to the Ratsversammlung. The process's texts below are for citizens; REPORT_DRAFT holds the
texts of the council report (Drucksache), written for the committees.
"""
from __future__ import annotations

from datetime import date, timedelta

PROCESS_SLUG = "engagement-strategie"

PROCESS = {
    "slug": PROCESS_SLUG,
    "title": "Engagement-Strategie für Kiel",
    "reference_prefix": "ENG",
    "summary": (
        "Wie stärken wir das freiwillige Engagement in Kiel? Die Stadt will in einem breit angelegten "
        "Beteiligungsprozess eine Engagement-Strategie entwickeln und der Ratsversammlung vorlegen. "
        "Ihre Ideen und Erfahrungen fließen in den Bericht an die Ratsversammlung ein."
    ),
    "description": (
        "Mit Beschluss vom 20.07.2017 (Drs. 0698/2017) hat die Ratsversammlung die Verwaltung gebeten, "
        "ein Konzept zur Anerkennung ehrenamtlich geleisteter Arbeit zu entwickeln. Seit 2021 gehört Kiel "
        "zum Verbund der **Engagierten Städte** Deutschlands.\n\n"
        "Eine nachhaltige Stärkung des freiwilligen Engagements braucht feste und verlässliche Strukturen, "
        "eine gute Vernetzung der Beteiligten und eine Umsetzungsstrategie, die die Bedürfnisse und Ideen "
        "der Engagierten berücksichtigt. Das Konzept ruht deshalb auf fünf Säulen – sie sind die Themen "
        "dieser Beteiligung.\n\n"
        "Kiel fängt dabei nicht bei Null an: Das nettekieler Ehrenamtsbüro fördert seit 2006 das "
        "bürgerschaftliche Engagement, und die Anlaufstellen Nachbarschaft (anna) stärken seit 2016 die "
        "Nachbarschaftshilfe in den Stadtteilen. Schwerpunkte sind junges und generationsübergreifendes "
        "Engagement sowie die sozialraumbezogene Nachbarschaftshilfe.\n\n"
        "**So geht es weiter:** Alle Vorschläge, Kommentare und Umfrageantworten werden ausgewertet und "
        "als Bericht über die Fachausschüsse der Ratsversammlung vorgelegt."
    ),
}

TOPICS = [
    ("Engagement in öffentlichen Strukturen verankern",
     "Ehrenamtliches Engagement soll fest und verlässlich in der Verwaltung und in öffentlichen Einrichtungen "
     "verankert werden – mit klaren Ansprechpersonen und Strukturen, die nicht vom Zufall abhängen."),
    ("Anerkennungskultur entwickeln",
     "Wie zeigt die Stadt Engagierten, dass ihre Arbeit geschätzt wird? Von Ehrungen und Vergünstigungen "
     "bis zu Fortbildungen und einer Kultur des Dankes im Alltag."),
    ("Zusammenarbeit mit Institutionen und Wirtschaft",
     "Vereine, Verbände, Schulen, Hochschulen und Unternehmen können Engagement ermöglichen – etwa durch "
     "Freistellungen, Räume, Partnerschaften und gemeinsame Projekte."),
    ("Engagierte stärken und vernetzen",
     "Engagierte brauchen Beratung, Qualifizierung und Austausch untereinander – sektoren- und "
     "trägerübergreifend, im Stadtteil und stadtweit."),
    ("Eine Engagement-Strategie erarbeiten",
     "Welche Ziele, Maßnahmen und Schritte gehören in die Engagement-Strategie für Kiel, die der "
     "Ratsversammlung vorgelegt wird? Hier geht es um das große Ganze."),
]

# English texts of the process, its pillars and phases (the English interface prefers them; issue 16).
PROCESS_EN = {
    "title_en": "Civic engagement strategy for Kiel",
    "summary_en": (
        "How do we strengthen volunteering in Kiel? In a broad participation process, the city wants to develop "
        "a civic engagement strategy and present it to the city council. Your ideas and experiences go into "
        "the report to the city council."
    ),
    "description_en": (
        "By its decision of 20 July 2017 (Drs. 0698/2017), the city council asked the administration to develop "
        "a concept for recognising voluntary work. Since 2021, Kiel has been a member of Germany's network of "
        "**Engagierte Städte** (engaged cities).\n\n"
        "Strengthening volunteering for the long term needs firm and reliable structures, good networks among "
        "everyone involved and an implementation strategy that takes the needs and ideas of volunteers into "
        "account. The concept therefore rests on five pillars – they are the topics of this participation.\n\n"
        "Kiel does not start from scratch: the nettekieler volunteer office has promoted civic engagement since "
        "2006, and the neighbourhood contact points (anna) have strengthened neighbourly help in the districts "
        "since 2016. The focus is on young and intergenerational engagement and on neighbourly help in the "
        "districts.\n\n"
        "**What happens next:** all proposals, comments and survey answers are evaluated and presented as a "
        "report to the city council through its specialist committees."
    ),
}

TOPICS_EN = [
    ("Anchoring engagement in public structures",
     "Voluntary work should be anchored firmly and reliably in the administration and in public institutions – "
     "with clear contact persons and structures that do not depend on chance."),
    ("Developing a culture of recognition",
     "How does the city show volunteers that their work is valued? From awards and discounts to training "
     "and a culture of saying thank you in everyday life."),
    ("Working with institutions and businesses",
     "Clubs, associations, schools, universities and companies can make engagement possible – for example "
     "through time off, rooms, partnerships and joint projects."),
    ("Strengthening and connecting volunteers",
     "Volunteers need advice, training and exchange with each other – across sectors and organisations, "
     "in their district and city-wide."),
    ("Drawing up a civic engagement strategy",
     "Which goals, measures and steps belong in Kiel's civic engagement strategy that will be presented to "
     "the city council? This is about the big picture."),
]

PHASES_EN = {
    "information": "Kick-off: information on the concept, the five pillars and how the participation works.",
    "participation": "Submit proposals, vote and discuss; survey on civic engagement in Kiel.",
    "evaluation": "The administration evaluates all contributions and drafts the civic engagement strategy.",
    "results": "Results and report to the city council (discussion in the specialist committees).",
}

# Kiel's Stadtteile, in alphabetical order.
DISTRICTS = [
    "Altstadt", "Blücherplatz", "Brunswik", "Damperhof", "Düsternbrook", "Elmschenhagen", "Ellerbek",
    "Exerzierplatz", "Friedrichsort", "Gaarden-Ost", "Gaarden-Süd/Kronsburg", "Hassee", "Hasseldieksdamm",
    "Holtenau", "Meimersdorf", "Mettenhof", "Moorsee", "Neumühlen-Dietrichsdorf", "Pries", "Ravensberg",
    "Rönne", "Russee", "Schilksee", "Schreventeich", "Steenbek-Projensdorf", "Suchsdorf", "Südfriedhof",
    "Vorstadt", "Wellingdorf", "Wellsee", "Wik",
]


def phase_plan(today):
    """Phases placed around `today` so that the demo is in its participation phase."""
    information_start = today - timedelta(days=28)
    participation_start = today - timedelta(days=7)
    evaluation_start = today + timedelta(days=50)
    results_start = evaluation_start + timedelta(days=42)
    return [
        ("information", information_start, participation_start - timedelta(days=1),
         "Auftakt: Informationen zum Konzept, zu den fünf Säulen und zum Ablauf der Beteiligung."),
        ("participation", participation_start, evaluation_start - timedelta(days=1),
         "Vorschläge einreichen, abstimmen und diskutieren; Umfrage zum Engagement in Kiel."),
        ("evaluation", evaluation_start, results_start - timedelta(days=1),
         "Die Verwaltung wertet alle Beiträge aus und erstellt den Entwurf der Engagement-Strategie."),
        ("results", results_start, results_start + timedelta(days=180),
         "Ergebnisse und Bericht an die Ratsversammlung (Beratung in den Fachausschüssen)."),
    ]


DEMO_ACCOUNTS = [
    ("admin", "verwaltung@demo.ratschlag.example", "Verwaltung Kiel (Demo)"),
    ("moderator", "moderation@demo.ratschlag.example", "Moderation (Demo)"),
    ("citizen", "buergerin@demo.ratschlag.example", "Kieler Sprotte"),
]


# The council report of the demo (app.report.models.ReportDraft). Its Antrag asks the Ratsversammlung to
# commission the strategy, so it is a Beschlussvorlage: a Geschäftliche Mitteilung only informs.
# The Federführung is a demo value (the seed paper names no office); the signature is the seed paper's.
REPORT_DRAFT = {
    "kind": "beschlussvorlage",
    "federfuehrung": "Referat für Bürgerbeteiligung und Engagement (Demo), Dezernat des Oberbürgermeisters",
    "signature_name": "Dr. Ulf Kämpfer",
    "signature_role": "Oberbürgermeister",
    "related_papers": [
        {"reference": "0698/2017", "date": date(2017, 7, 20).isoformat(),
         "title": "Beschluss der Ratsversammlung: Konzept zur Anerkennung ehrenamtlich geleisteter Arbeit"},
        {"reference": "0925/2021", "date": None,
         "title": "Geschäftliche Mitteilung: Konzept zur Anerkennung des freiwilligen Engagements; "
                  "Ankündigung der Engagement-Strategie"},
    ],
    "anlass": (
        "Mit Beschluss vom 20.07.2017 (Drs. 0698/2017) hat die Ratsversammlung die Verwaltung gebeten, ein "
        "Konzept zur Anerkennung ehrenamtlich geleisteter Arbeit zu entwickeln. Mit der Geschäftlichen "
        "Mitteilung 0925/2021 hat die Verwaltung dieses Konzept vorgelegt. Es ruht auf fünf Säulen: "
        "Engagement in öffentlichen Strukturen verankern, eine Anerkennungskultur entwickeln, mit "
        "Institutionen und Wirtschaft zusammenarbeiten, Engagierte stärken und vernetzen sowie eine "
        "Engagement-Strategie erarbeiten.\n\n"
        "Die Verwaltung hat darin angekündigt, die Engagement-Strategie in einem breit angelegten "
        "Beteiligungsprozess zu entwickeln und der Ratsversammlung vorzulegen. Diese Vorlage berichtet über "
        "die Ergebnisse der Beteiligung; die fünf Säulen des Konzepts sind ihre Themen."
    ),
    "next_steps": (
        "Nach dem Ende der Beteiligung wertet die Verwaltung alle Beiträge aus, nimmt zu den Vorschlägen "
        "Stellung und erarbeitet auf dieser Grundlage den Entwurf der Engagement-Strategie. Der Entwurf wird "
        "den Fachausschüssen und der Ratsversammlung zur Beratung und Beschlussfassung vorgelegt."
    ),
}
