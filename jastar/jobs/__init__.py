"""Background jobs: every long piece of work (imports, batch matching shards, aggregate
refreshes, reports, model training) as a recorded job with progress, cancel and retry.

Jobs run through the ``django.tasks`` API: on the embedded default (``make run``) a
``jastar worker`` process beside the web server takes them from the database queue; in
production any number of ``jastar worker`` processes on any number of machines share the
same PostgreSQL queue. See docs/jobs.md.
"""
