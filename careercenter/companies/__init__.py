"""Employers: company profiles, their staff, and the public company page."""
