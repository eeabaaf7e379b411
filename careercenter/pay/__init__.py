"""Pay insights: what coding work pays, from the board's own postings."""
