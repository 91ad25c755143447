"""The proposal page and its discussion: composes proposals, comments, following and merge history."""
