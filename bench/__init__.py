"""Benchmarks: `python -m bench --jobs 100000` builds a data set and prints a table."""
