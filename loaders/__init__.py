"""Parsers from corpus/ to RDF: one module per kind of source, one IRI minter (ids)."""
