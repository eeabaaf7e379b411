"""Job search: documents, two backends behind one protocol, the change log and its
follower, and the search page."""
