"""Rich text that cannot break a page: reference checks on save, tolerant rendering and editing."""
