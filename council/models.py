"""Models of this app (built in its issue)."""
