"""Jobs: public job pages, the employer's posting tools and the review queue."""
