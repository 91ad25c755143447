"""A small Kiel-like ReportData for the report tests (plain data, no app).

Deliberately contains things that must not reach a report: a district with 3 participants,
an opinion group of 3, a survey option chosen by 2 people, a question answered by 4, an
e-mail address in a quote and a telephone number in a proposal title.
"""

from datetime import date, timedelta

from analysis.report_data import (
    Category,
    Dimension,
    DistrictCount,
    LabelCount,
    Moderation,
    OpinionGroup,
    Opinions,
    Participation,
    Phase,
    PillarCount,
    PillarResult,
    ProcessInfo,
    ProposalRow,
    Quote,
    ReportData,
    Representativeness,
    Statement,
    Survey,
    SurveyOption,
    SurveyQuestion,
    Theme,
    TimelinePoint,
)
from analysis.report_model import RelatedPaper

PILLARS = [
    "Engagement in öffentlichen Strukturen verankern",
    "Anerkennungskultur entwickeln",
    "Zusammenarbeit mit Institutionen und Wirtschaft",
    "Stärkung und Vernetzung der Engagierten",
    "Erarbeitung einer Engagement-Strategie",
]
DISTRICTS = ["Gaarden-Ost", "Mettenhof", "Schreventeich", "Holtenau", "Wik"]
EMAIL = "anna.muster@example.org"
PHONE = "0431 901-2345"


def proposals():
    rows = []
    for number in range(1, 31):
        pillar = PILLARS[number % 5]
        title = f"Vorschlag {number}: Ehrenamtskarte für {DISTRICTS[number % 5]}"
        if number == 7:
            title = f"Rückruf erbeten unter {PHONE}"
        rows.append(ProposalRow(
            ref=f"ENG-2026-{number:04d}", title=title, pillar=pillar, district=DISTRICTS[number % 5],
            status="beantwortet" if number % 3 == 0 else "in Prüfung",
            agree=10 * number + 3, disagree=number % 7, pass_=number % 4, comments=number % 5,
            answer=f"Die Verwaltung prüft Vorschlag {number} bis Ende 2026." if number % 3 == 0 else ""))
    return rows


def kiel_report_data():
    start = date(2026, 3, 2)
    timeline = [TimelinePoint(start + timedelta(days=d), channel, 6 + (d * 3 + i) % 9 if d != 4 else 2)
                for d in range(14) for i, channel in enumerate(["online", "Veranstaltung"])]
    pillars = [PillarResult(
        name=name, summary=f"Zur Säule „{name}“ gingen viele Beiträge ein.",
        themes=[Theme("Ehrenamtskarte, Vergünstigungen", 12, [
                    Quote("ENG-2026-0005", f"Eine Ehrenamtskarte wäre ein Dank. Schreibt mir: {EMAIL}")]),
                Theme("Räume für Vereine", 7, [Quote("ENG-2026-0010", "Vereine brauchen bezahlbare Räume.")])],
    ) for name in PILLARS]
    return ReportData(
        process=ProcessInfo(
            title="Engagement-Strategie Kiel", slug="engagement-strategie",
            summary="Die Ratsversammlung hat eine Engagement-Strategie in einem breit angelegten "
                    "Beteiligungsprozess beauftragt (Drs. 0925/2021).",
            phases=[Phase("Ideen sammeln", date(2026, 3, 2), date(2026, 4, 30), "Vorschläge und Kommentare"),
                    Phase("Bewerten", date(2026, 5, 1), date(2026, 5, 31), "Abstimmen über Vorschläge")],
            reference="0123/2026", date=date(2026, 6, 15), kind="Beschlussvorlage",
            federfuehrung="Referat für Bürgerbeteiligung", signature_name="Dr. Ulf Kämpfer",
            signature_role="Oberbürgermeister",
            related_papers=[RelatedPaper("0698/2017", "Konzept zur Anerkennung ehrenamtlich geleisteter Arbeit",
                                         date(2017, 7, 20)), RelatedPaper("0925/2021", "Engagement-Strategie")],
            anlass="Mit Beschluss vom 20.07.2017 (Drs. 0698/2017) hat die Ratsversammlung die Verwaltung gebeten, "
                   "ein Konzept zur Anerkennung ehrenamtlich geleisteter Arbeit zu entwickeln.",
            participation_end=date(2026, 5, 31), data_as_of=date(2026, 6, 15)),
        participation=Participation(
            participants=1234, accounts=1100, anonymous_responses=134, proposals=30, comments=456, votes=7890,
            survey_responses=321, timeline=timeline,
            by_district=[DistrictCount("Gaarden-Ost", 250, 9), DistrictCount("Mettenhof", 180, 7),
                         DistrictCount("Schreventeich", 120, 6), DistrictCount("Holtenau", 3, 4),
                         DistrictCount("Wik", 95, 4)],
            by_pillar=[PillarCount(name, 100 + 10 * i, 6, 80 + i, 1500 + i) for i, name in enumerate(PILLARS)]),
        pillars=pillars,
        opinions=Opinions(participants=412, groups=[
            OpinionGroup("A", 250, [Statement("Das Ehrenamt braucht feste Ansprechpersonen.",
                                              "ENG-2026-0012", "agree", 0.91)]),
            OpinionGroup("B", 159, [Statement("Vergünstigungen sind wichtiger als Ehrungen.",
                                              "ENG-2026-0021", "disagree", 0.22)]),
            OpinionGroup("C", 3, [Statement("Geheime Kleingruppen-Aussage", "ENG-2026-0029", "agree", 1.0)])],
            consensus=[Statement("Vereine brauchen bezahlbare Räume.", "ENG-2026-0010", "agree", 0.87)]),
        surveys=[Survey("Umfrage Engagement in Kiel", 321, [
            SurveyQuestion("Engagieren Sie sich ehrenamtlich?", 321,
                           [SurveyOption("Ja, regelmäßig", 150), SurveyOption("Gelegentlich", 102),
                            SurveyOption("Nein", 67), SurveyOption("Keine Angabe", 2)]),
            SurveyQuestion("Wie zufrieden sind Sie mit der Anerkennung? (1–5)", 300,
                           [SurveyOption(str(v), c) for v, c in zip(range(1, 6), [30, 60, 90, 80, 40])], mean=3.2),
            SurveyQuestion("Sehr seltene Zusatzfrage", 4, [SurveyOption("Ja", 4)])])],
        representativeness=Representativeness(dimensions=[Dimension("Altersgruppe", [
            Category("unter 18", 4, 0.15), Category("18–29", 210, 0.21), Category("30–49", 420, 0.27),
            Category("50–64", 330, 0.20), Category("65 und älter", 270, 0.17)],
            "Landeshauptstadt Kiel, Statistisches Jahrbuch (Beispielwerte)")]),
        moderation=Moderation(reports_by_reason=[LabelCount("Beleidigung", 12), LabelCount("Spam", 31),
                                                 LabelCount("Persönliche Daten", 3)],
                              actions=[LabelCount("ausgeblendet", 17), LabelCount("bestätigt", 29)],
                              median_hours_to_decision=5.5),
        proposals=proposals(),
    )
