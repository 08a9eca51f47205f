"""boletines: a static, searchable archive of press bulletins."""

__version__ = "0.1.0"
