"""Developer tools run through ``make`` (screenshots); not part of the ``boletines`` command."""
