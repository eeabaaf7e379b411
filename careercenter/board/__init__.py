"""The board's front: the home page and the job page, where the features meet — jobs, the
open count from search, a seeker's saved jobs and applications, and structured data."""
