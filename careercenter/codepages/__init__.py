"""The code reference pages: a code, a grouping or a typed range, with the open jobs that
need it. Above codes (the data), jobs and search (the jobs that need a code)."""
