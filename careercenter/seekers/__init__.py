"""Job seekers: profile, resumes, saved jobs and the jobs they qualify for."""
