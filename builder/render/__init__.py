"""Rendering: Markdown bodies, Jinja2 pages and theme assets, as pure functions of the archive.

Every renderer returns ``dict[str, bytes]`` (output path relative to the site root, POSIX
separators -> file content); only :mod:`builder.build.steps` writes files.
"""
