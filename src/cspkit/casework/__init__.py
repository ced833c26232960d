"""Pure rules for casework, the statutory registers and commissioning: no Django, no I/O."""
