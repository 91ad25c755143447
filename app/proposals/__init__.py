"""Proposals: submitting, listing, searching, voting; the votes export."""
