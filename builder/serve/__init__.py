"""``boletines serve``: the preview server, live reload and file watching."""
