"""Content: the translated text of every product, its schema, and loading with validation."""
