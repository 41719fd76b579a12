"""The bundled demo: fictional outlets (sites/) and the site's own pieces (editorial/)."""
