"""The Kiel demo survey "Umfrage: Engagement in Kiel" with a few dozen sample responses (fixed seed).

Idempotent: nothing happens when the process already has a survey with this title.
"""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from app.demo import kiel
from app.extensions import db
from app.processes.models import Process
from app.surveys.models import (
    AGE_GROUPS,
    DEFAULT_LIKERT_LABELS,
    GENDERS,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
)

TITLE = "Umfrage: Engagement in Kiel"
SAMPLE_RESPONSES = 60
DESCRIPTION = (
    "Wie engagieren sich Kielerinnen und Kieler, und was hält sie davon ab? Ihre Antworten helfen der Verwaltung, "
    "die Engagement-Strategie an den Bedürfnissen der Menschen in der Stadt auszurichten.\n\n"
    "Die Umfrage ist **anonym**, dauert etwa fünf Minuten und braucht kein Konto. Die Ergebnisse werden in der "
    "Ergebnisphase veröffentlicht; Ihre Ideen fließen in die Auswertung ein."
)
FIELDS = ["Sport und Bewegung", "Kultur und Musik", "Soziales und Nachbarschaftshilfe", "Kinder und Jugend",
          "Umwelt und Klimaschutz", "Hilfe für Geflüchtete", "Schule und Bildung", "Kirche und Religion",
          "Feuerwehr und Rettungsdienste"]
BARRIERS = ["Zu wenig Zeit (Beruf, Familie)", "Ich weiß nicht, wo ich mich engagieren kann",
            "Kein passendes Angebot in meiner Nähe", "Gesundheitliche Gründe",
            "Zu viel Verantwortung oder Bürokratie", "Ich bin noch nie gefragt worden"]
SUPPORT_ROWS = ["Beratung und Information", "Räume und Ausstattung", "Fortbildungen", "Anerkennung durch die Stadt"]
SUPPORT_SCALE = ["zufrieden", "eher zufrieden", "eher unzufrieden", "unzufrieden", "kann ich nicht beurteilen"]
IDEAS = [
    "Eine zentrale Online-Plattform, auf der alle Vereine ihre Angebote für Freiwillige zeigen.",
    "Kostenlose Räume in Schulen und Stadtteilbüros am Abend für Initiativen öffnen.",
    "Eine Ehrenamtskarte mit Vergünstigungen bei Bus, Bädern und Museen.",
    "Mehr Fortbildungen zu Vereinsrecht und Finanzen, auch abends und online.",
    "Unternehmen sollten Beschäftigte für Engagement freistellen – die Stadt als Vorbild.",
    "Anlaufstellen in jedem Stadtteil, nicht nur in der Innenstadt.",
    "Junge Leute über Schulen und Hochschulen gezielt ansprechen.",
    "Ein jährliches Fest für alle Engagierten an der Kiellinie.",
]

# English texts of the survey (issue 16): German text → English, for the title, sections, questions,
# help texts and answer labels. The English interface prefers them; German remains the stored original.
ENGLISH = {
    TITLE: "Survey: civic engagement in Kiel",
    DESCRIPTION: (
        "How do people in Kiel volunteer, and what keeps them from doing so? Your answers help the administration "
        "to shape the civic engagement strategy around the needs of the people in the city.\n\n"
        "The survey is **anonymous**, takes about five minutes and needs no account. The results are published in "
        "the results phase; your ideas go into the evaluation."
    ),
    "Ihr Engagement": "Your engagement",
    "Wie Sie sich engagieren": "How you volunteer",
    "Diese Fragen sehen alle, die sich zurzeit engagieren.":
        "Everyone who volunteers at the moment sees these questions.",
    "Was Sie hindert": "What holds you back",
    "Diese Fragen sehen alle, die sich zurzeit nicht engagieren.":
        "Everyone who does not volunteer at the moment sees these questions.",
    "Die Engagement-Strategie": "The civic engagement strategy",
    "Zum Schluss: Was ist Ihnen für Kiel wichtig?": "Finally: what matters to you for Kiel?",
    "Engagieren Sie sich zurzeit freiwillig oder ehrenamtlich?": "Do you currently volunteer?",
    "Zum Beispiel in einem Verein, einer Initiative, der Nachbarschaft oder Kirche.":
        "For example in a club, an initiative, your neighbourhood or a church.",
    "Ja": "Yes", "Nein": "No",
    "In welchen Bereichen engagieren Sie sich?": "In which areas do you volunteer?",
    "Wie viele Stunden im Monat engagieren Sie sich ungefähr?": "About how many hours a month do you volunteer?",
    "Seit wann engagieren Sie sich ungefähr?": "Since about when have you been volunteering?",
    "Ein ungefähres Datum genügt.": "An approximate date is enough.",
    "Wie zufrieden sind Sie mit der Unterstützung für Ihr Engagement?":
        "How satisfied are you with the support for your engagement?",
    "Was hält Sie bisher davon ab, sich zu engagieren?": "What has kept you from volunteering so far?",
    "Höchstens drei Antworten.": "Three answers at most.",
    "Ich könnte mir vorstellen, mich in Zukunft zu engagieren.": "I could imagine volunteering in the future.",
    "Welche Säulen der Engagement-Strategie sind Ihnen am wichtigsten?":
        "Which pillars of the civic engagement strategy matter most to you?",
    "Die Stadt Kiel würdigt freiwilliges Engagement ausreichend.": "The city of Kiel recognises volunteering enough.",
    "Wie gut fühlen Sie sich über Möglichkeiten zum Engagement in Kiel informiert?":
        "How well informed do you feel about opportunities to volunteer in Kiel?",
    "Ihre Idee: Was sollte die Stadt tun, um Engagement in Kiel zu stärken?":
        "Your idea: what should the city do to strengthen civic engagement in Kiel?",
    "Welche Anlaufstelle für Engagement fehlt Ihnen in Ihrem Stadtteil?":
        "Which contact point for volunteering is missing in your district?",
    **dict(zip(FIELDS, ["Sport and exercise", "Culture and music", "Social work and neighbourly help",
                        "Children and young people", "Environment and climate protection", "Help for refugees",
                        "School and education", "Church and religion", "Fire brigade and rescue services"],
               strict=True)),
    **dict(zip(BARRIERS, ["Too little time (job, family)", "I do not know where I can volunteer",
                          "No suitable offer near me", "Health reasons", "Too much responsibility or bureaucracy",
                          "Nobody has ever asked me"], strict=True)),
    **dict(zip(SUPPORT_ROWS, ["Advice and information", "Rooms and equipment", "Training",
                              "Recognition by the city"], strict=True)),
    **dict(zip(SUPPORT_SCALE, ["satisfied", "rather satisfied", "rather dissatisfied", "dissatisfied",
                               "cannot judge"], strict=True)),
    **dict(zip(DEFAULT_LIKERT_LABELS, ["Strongly disagree", "Rather disagree", "Neither agree nor disagree",
                                       "Rather agree", "Strongly agree"], strict=True)),
    **{title: title_en for (title, _text), (title_en, _text_en) in zip(kiel.TOPICS, kiel.TOPICS_EN, strict=True)},
}


def _keyed(labels: list[str], prefix: str = "c") -> list[dict]:
    return [{"key": f"{prefix}{n}", "label": label, "label_en": ENGLISH.get(label)}
            for n, label in enumerate(labels, start=1)]


def _likert() -> list[dict]:
    return [{"key": str(n), "label": label, "label_en": ENGLISH[label]}
            for n, label in enumerate(DEFAULT_LIKERT_LABELS, start=1)]


def _question(survey, section, position, kind, text, **fields) -> SurveyQuestion:
    help_text = fields.pop("help_text", "")
    question = SurveyQuestion(survey=survey, section=section, position=position, kind=kind, text=text,
                              text_en=ENGLISH[text], help_text_en=ENGLISH.get(help_text), help_text=help_text,
                              required=fields.pop("required", False),
                              choices=fields.pop("choices", []), rows=fields.pop("rows", []),
                              settings=fields.pop("settings", {}), **fields)
    db.session.add(question)
    return question


def _build(process: Process) -> dict[str, SurveyQuestion]:
    topics = {topic.position: topic for topic in process.topics}
    survey = Survey(process=process, title=TITLE, description=DESCRIPTION, audience="anonymous", status="open",
                    ask_demographics=True, title_en=ENGLISH[TITLE], description_en=ENGLISH[DESCRIPTION])
    db.session.add(survey)
    sections = [SurveySection(survey=survey, position=n, title=title, description=text, title_en=ENGLISH[title],
                              description_en=ENGLISH.get(text)) for n, (title, text) in
                enumerate([("Ihr Engagement", ""),
                           ("Wie Sie sich engagieren", "Diese Fragen sehen alle, die sich zurzeit engagieren."),
                           ("Was Sie hindert", "Diese Fragen sehen alle, die sich zurzeit nicht engagieren."),
                           ("Die Engagement-Strategie", "Zum Schluss: Was ist Ihnen für Kiel wichtig?")], start=1)]
    db.session.add_all(sections)
    q = {}
    q["engaged"] = _question(survey, sections[0], 1, "single_choice",
                             "Engagieren Sie sich zurzeit freiwillig oder ehrenamtlich?", required=True,
                             choices=_keyed(["Ja", "Nein"]),
                             help_text="Zum Beispiel in einem Verein, einer Initiative, der Nachbarschaft oder Kirche.")
    db.session.flush()
    yes, no = {"condition_question_id": q["engaged"].id, "condition_value": "c1"}, \
        {"condition_question_id": q["engaged"].id, "condition_value": "c2"}
    q["fields"] = _question(survey, sections[1], 1, "multiple_choice", "In welchen Bereichen engagieren Sie sich?",
                            required=True, choices=_keyed(FIELDS), settings={"allow_other": True, "min_choices": None,
                                                                             "max_choices": None}, **yes)
    q["hours"] = _question(survey, sections[1], 2, "number",
                           "Wie viele Stunden im Monat engagieren Sie sich ungefähr?",
                           settings={"min_value": 0, "max_value": 300, "unit": "Stunden im Monat"}, **yes)
    q["since"] = _question(survey, sections[1], 3, "date", "Seit wann engagieren Sie sich ungefähr?",
                           help_text="Ein ungefähres Datum genügt.", **yes)
    q["support"] = _question(survey, sections[1], 4, "matrix",
                             "Wie zufrieden sind Sie mit der Unterstützung für Ihr Engagement?",
                             rows=_keyed(SUPPORT_ROWS, "r"), choices=_keyed(SUPPORT_SCALE), **yes)
    q["barriers"] = _question(survey, sections[2], 1, "multiple_choice",
                              "Was hält Sie bisher davon ab, sich zu engagieren?", required=True,
                              choices=_keyed(BARRIERS), settings={"allow_other": True, "min_choices": None,
                                                                  "max_choices": 3},
                              help_text="Höchstens drei Antworten.", **no)
    q["future"] = _question(survey, sections[2], 2, "likert",
                            "Ich könnte mir vorstellen, mich in Zukunft zu engagieren.",
                            choices=_likert(), **no)
    q["pillars"] = _question(survey, sections[3], 1, "ranking",
                             "Welche Säulen der Engagement-Strategie sind Ihnen am wichtigsten?",
                             choices=_keyed([topic.title for topic in process.topics]))
    q["recognition"] = _question(survey, sections[3], 2, "likert",
                                 "Die Stadt Kiel würdigt freiwilliges Engagement ausreichend.", required=True,
                                 choices=_likert(),
                                 topic_id=topics[2].id if 2 in topics else None)
    q["informed"] = _question(survey, sections[3], 3, "scale",
                              "Wie gut fühlen Sie sich über Möglichkeiten zum Engagement in Kiel informiert?",
                              settings={"min_label": "überhaupt nicht", "max_label": "sehr gut",
                                        "min_label_en": "not at all", "max_label_en": "very well"})
    q["idea"] = _question(survey, sections[3], 4, "long_text",
                          "Ihre Idee: Was sollte die Stadt tun, um Engagement in Kiel zu stärken?",
                          topic_id=topics[5].id if 5 in topics else None)
    q["place"] = _question(survey, sections[3], 5, "short_text",
                           "Welche Anlaufstelle für Engagement fehlt Ihnen in Ihrem Stadtteil?",
                           topic_id=topics[4].id if 4 in topics else None)
    q["survey"] = survey
    return q


def _sample_responses(q: dict, process: Process, today: date) -> None:
    rng = random.Random(2026)
    districts = [district.id for district in process.districts]
    for _number in range(SAMPLE_RESPONSES):
        day = today - timedelta(days=rng.randint(0, 6))
        stamp = datetime.combine(day, time.min, tzinfo=UTC)
        response = SurveyResponse(survey_id=q["survey"].id, status="complete", current_step="demographics",
                                  started_at=stamp, submitted_at=stamp, browser_hash=f"{rng.getrandbits(256):064x}",
                                  age_group=rng.choice([key for key, _label in AGE_GROUPS] + [None]),
                                  gender=rng.choice([key for key, _label in GENDERS] + [None]),
                                  district_id=rng.choice(districts + [None]) if districts else None)
        answers = {"recognition": dict(value_number=float(rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]))),
                   "informed": dict(value_number=float(rng.randint(0, 10))),
                   "pillars": dict(value_json=[c["key"] for c in rng.sample(q["pillars"].choices, 5)])}
        if rng.random() < 0.55:
            answers["engaged"] = dict(value_text="c1")
            answers["fields"] = dict(value_json=sorted(rng.sample([c["key"] for c in q["fields"].choices], 2)))
            answers["hours"] = dict(value_number=float(rng.choice([2, 4, 5, 8, 10, 12, 20, 30])))
            answers["support"] = dict(value_json={row["key"]: rng.choice(q["support"].choices)["key"]
                                                  for row in q["support"].rows})
        else:
            answers["engaged"] = dict(value_text="c2")
            answers["barriers"] = dict(value_json=sorted(rng.sample([c["key"] for c in q["barriers"].choices], 2)))
            answers["future"] = dict(value_number=float(rng.randint(1, 5)))
        if rng.random() < 0.4:
            answers["idea"] = dict(value_text=rng.choice(IDEAS))
        for name, columns in answers.items():
            response.answers.append(SurveyAnswer(question_id=q[name].id, **columns))
        db.session.add(response)


def seed_kiel_survey(process: Process, today: date) -> bool:
    """Add the demo survey (with sample responses) to the Kiel process; False if it is already there."""
    exists = db.session.scalar(select(Survey.id).where(Survey.process_id == process.id, Survey.title == TITLE))
    if exists is not None:
        return False
    with db.session.no_autoflush:
        questions = _build(process)
    db.session.flush()
    _sample_responses(questions, process, today)
    db.session.commit()
    return True
