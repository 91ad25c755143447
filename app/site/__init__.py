"""The public front of the platform: home page, a process's page, language switch, legal pages, health, assets."""
