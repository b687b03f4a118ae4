"""The document file and everything that knows SQL: the schema, costs, transfers, the agreement copy, the
activity plan, source keys, backups and lock files. ``models.storage.document_file.Document`` is the entry."""
