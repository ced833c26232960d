"""Pure statistics for community safety analysis: no I/O, nothing else of cspkit imported."""
