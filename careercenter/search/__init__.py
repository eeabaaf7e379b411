"""Job search: documents, two backends behind one protocol, the outbox, the search page
and the JSON API."""
