"""People and organisations: partnerships, partner agencies and users with roles."""
