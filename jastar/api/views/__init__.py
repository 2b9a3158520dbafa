"""API v1 views: one APIView per operation (one class per path, a method per operation);
each parses input, calls a selector or service, and renders (STYLE rule 6). Errors take
the one format of ``jastar.api.exceptions``. One module per part of the API."""
