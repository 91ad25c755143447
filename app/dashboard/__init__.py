"""Dashboards: the admin dashboard, the public results page and the form for the reference distribution
for representativeness (issue 7, item 2). The figures themselves come from app.figures."""
