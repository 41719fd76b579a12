"""Views of discussions: thin: parse, call an action or a query, render."""
