"""Tests of cspkit.priorities (a package, so its module names cannot clash with tests/cli)."""
