"""Views of the concept layer: actors, goals, users and invitations, the own account."""
