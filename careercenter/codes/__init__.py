"""Code reference: the tag grammar, code data, code pages and lookup."""
