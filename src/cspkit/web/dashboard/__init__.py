"""The first page after signing in: each partnership's plans, ratings and what is due."""
