"""Loaders: one module per kind of evidence, each exposing ``load(store, paths, progress=None, **options)``.

A loader validates every input with the matching reader in :mod:`cspkit.sources`, then writes
it in one transaction, replacing what an earlier load of the same file or period wrote.
"""
