"""Benchmarks: each prints numbers; none asserts a time. Run them all with ``make bench``."""
