"""The statutory registers: Public Spaces Protection Orders and Domestic Abuse Related Death Reviews."""
