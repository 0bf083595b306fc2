"""The site: theme, views, templates, pages, hosting files and the writer."""
