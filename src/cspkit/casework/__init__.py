"""Pure rules for ASB casework, the statutory registers and commissioning: powers and their
conditions, working-day clocks, the ASB Case Review threshold and service levels, risk scoring,
repeat and vulnerable victims, retention, small-number suppression, PSPO and death-review dates,
and money in pence.

No Django and no I/O beyond reading the YAML defaults shipped beside this package (or a file a
partnership names). The records these rules act on live in ``cspkit.web.cases``,
``cspkit.web.reviews``, ``cspkit.web.registers`` and ``cspkit.web.commissioning``; the rules are
here so they can be tested against the law without a database.
"""
