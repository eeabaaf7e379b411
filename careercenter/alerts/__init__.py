"""Saved searches and the e-mail digests of new matching jobs."""
