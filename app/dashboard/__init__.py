"""Dashboards: participation figures as SQL aggregates, the admin dashboard, the public results page and
the reference distribution for representativeness (issue 7, item 2)."""
