"""The strategic assessment: turns the store and the statistics into a frozen Assessment."""
