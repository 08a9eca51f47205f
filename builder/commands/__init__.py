"""One module per subcommand of ``boletines``; see :mod:`builder.cli`."""
