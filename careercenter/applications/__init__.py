"""Applying to jobs on the site, and the employer's applicant tracking."""
