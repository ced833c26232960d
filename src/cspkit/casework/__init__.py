"""Pure rules for ASB casework: powers and their conditions, working-day clocks, the ASB Case
Review threshold and service levels, risk scoring, repeat and vulnerable victims, retention and
small-number suppression.

No Django and no I/O beyond reading the YAML defaults shipped beside this package (or a file a
partnership names). The records these rules act on live in ``cspkit.web.cases`` and
``cspkit.web.reviews``; the rules are here so they can be tested against the Anti-social
Behaviour, Crime and Policing Act 2014 without a database.
"""
