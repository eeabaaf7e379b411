"""The JSON API (/api/v1): job search, jobs and codes as JSON, described by OpenAPI."""
