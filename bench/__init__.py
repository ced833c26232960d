"""Benchmarks: each ``bench_*.py`` module has ``main(argv)`` and prints its figures beside a baseline run."""
