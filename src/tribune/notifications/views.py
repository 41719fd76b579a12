"""Views of notifications: thin: parse, call an action or a query, render."""
