"""Understanding articles: what an article is about (places first; organizations, people,
sections and stories to follow), computed from plain text without the database."""
