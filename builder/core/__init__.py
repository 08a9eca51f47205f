"""Pieces every stage shares: errors and diagnostics, settings, safe YAML, UI strings,
dates and time zones, text helpers, reading a user's file, work in a forked child."""
