"""Our own access log: who viewed or changed what, and when (changes' details are in the history)."""
