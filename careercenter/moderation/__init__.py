"""The operator's tools: take a job down, suspend an account, act on seekers' reports,
find users and companies — each action written to an audit log with who and when."""
