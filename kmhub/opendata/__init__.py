"""Open data: case records as CSV, JSON Lines, a DCAT catalogue, an Atom feed and a sitemap."""
