"""Legal and accessibility pages: Impressum, privacy notice, accessibility statement with its feedback form,
Leichte Sprache and Deutsche Gebärdensprache (issue 16, deliverables 3 and 4)."""
