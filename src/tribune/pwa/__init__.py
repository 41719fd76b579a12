"""The installable app: web app manifest and icons, the service worker and offline page,
the install page, and web push."""
