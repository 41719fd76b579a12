"""The site's own pages: FAQ, Privacy Policy and Terms of Service (versioned Markdown), the
feedback form, and the reader's privacy controls (data export, account deletion, cookies)."""
