"""Views of accounts: thin: parse, call an action or a query, render."""
