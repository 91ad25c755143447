"""Threaded comments on proposals with alignment and up/down votes."""
