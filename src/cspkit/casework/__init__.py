"""Pure casework and register rules (powers, clocks, deadlines): no I/O, no Django."""
