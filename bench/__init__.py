"""Benchmark harness: builds a generated archive with boletines, Pelican and Hugo and compares.

Run it as ``python -m bench`` (``make bench``). The builder never imports this package.
"""
