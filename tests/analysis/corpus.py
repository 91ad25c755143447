"""The German sample corpus: three themes of six short proposals each (title, text).

Plain data, no imports: the analysis library's tests (topics, duplicates, projection, CLI; see
conftest.themed_records) and the web app's analysis-run factories (tests/analysis_runs) use it.
"""

THEMES = {
    "rad": [
        ("Radweg sanieren", "Der Radweg an der Hauptstraße ist voller Schlaglöcher, Radfahrer stürzen."),
        ("Fahrradbügel", "Mehr Fahrradbügel am Bahnhof, die Fahrräder stehen überall auf dem Gehweg."),
        ("Radwege verbreitern", "Radwege verbreitern, damit Radfahrer sicher überholen können."),
        ("Fahrradstraße", "Eine Fahrradstraße für Radfahrer durch das Viertel einrichten."),
        ("Radverkehr", "Ampeln für den Radverkehr schalten, Radfahrer warten zu lange am Radweg."),
        ("Radständer", "Überdachte Radständer und Fahrradbügel für Radfahrer an jeder Schule."),
    ],
    "spiel": [
        ("Spielplatz erneuern", "Der Spielplatz im Park braucht neue Spielgeräte für Kinder."),
        ("Schaukeln", "Auf dem Spielplatz fehlen Schaukeln und Sandkisten für kleine Kinder."),
        ("Kinderspielplatz", "Kinder brauchen einen sauberen Spielplatz mit Klettergerüst."),
        ("Spielgeräte", "Die Spielgeräte auf dem Spielplatz sind kaputt, Kinder verletzen sich."),
        ("Bolzplatz", "Ein Bolzplatz neben dem Spielplatz für ältere Kinder und Jugendliche."),
        ("Wasserspielplatz", "Ein Wasserspielplatz für Kinder im Sommer auf dem Spielplatz."),
    ],
    "ehrenamt": [
        ("Ehrenamtskoordination", "Eine Ehrenamtskoordination im Rathaus für alle Vereine."),
        ("Ehrenamt stärken", "Das Ehrenamt in Vereinen braucht eine zentrale Koordination."),
        ("Ehrenamtskarte", "Eine Ehrenamtskarte mit Vergünstigungen für Ehrenamtliche."),
        ("Freiwillige", "Ehrenamtliche und Freiwillige brauchen Räume für ihre Vereine."),
        ("Vereinsförderung", "Vereine und Ehrenamt finanziell fördern, Ehrenamtliche entlasten."),
        ("Ehrenamtsbörse", "Eine Ehrenamtsbörse vermittelt Ehrenamtliche an Vereine."),
    ],
}
