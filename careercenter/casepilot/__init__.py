"""CasePilot: questions about codes answered only from the data the board holds, every
sentence with its source, and a plain "cannot answer" otherwise."""
