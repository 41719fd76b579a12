"""Understanding articles: what an article is about (places, organizations, people, its
section) and which story it belongs to. The pure modules (places, entities, sections, stories)
work on plain text; models, actions and queries store and read the results."""
