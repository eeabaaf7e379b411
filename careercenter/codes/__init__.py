"""Code reference data: the tag grammar, code sets and their loaders, meanings, notes,
Medicare facts and lookup. Pages about codes live in codepages."""
