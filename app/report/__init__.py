"""The council report draft of a process (issue 7): editable parts, collection, rendering, CLI."""
