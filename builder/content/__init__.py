"""Reading ``content/``: front matter, its schema, and the validated bulletins."""
