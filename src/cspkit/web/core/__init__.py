"""Site-wide pieces: the page layout, GOV.UK form widgets, optimistic locking and security headers."""
