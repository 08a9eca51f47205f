"""``boletines check``: every problem the build would meet, and what an editor should know."""
