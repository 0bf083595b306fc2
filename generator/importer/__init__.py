"""``lapak import``: bring a seller's catalogue over from a marketplace export or a spreadsheet.

Readers (one module per format) turn a file into :class:`~generator.importer.model.Item` values;
the writer turns items into ``products/<slug>/index.md`` files with their photos. Readers know
nothing of the store; the writer knows nothing of the formats.
"""
