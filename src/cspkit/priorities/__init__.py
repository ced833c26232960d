"""Priority setting: scoring templates (MoRiLE-style and others), consultation and ranking."""
