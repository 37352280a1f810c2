"""The comparison: the app a Bolt getting-started guide leads to (see app.py)."""
