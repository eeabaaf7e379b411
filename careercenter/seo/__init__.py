"""Being found: JobPosting structured data, sitemaps, feeds and landing pages."""
