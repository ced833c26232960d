"""A generated fictional partnership in the exact file formats users download (seeded)."""
