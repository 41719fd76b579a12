"""Views of moderation: thin: parse, call an action or a query, render."""
