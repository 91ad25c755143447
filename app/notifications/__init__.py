"""Following proposals; in-app and email notifications."""
