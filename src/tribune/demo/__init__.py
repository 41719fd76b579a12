"""The bundled demo: fictional outlets' feeds and pages (sites/), and the site's own pieces (editorial/)."""
