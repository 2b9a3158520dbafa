"""Community work of the department beyond jobs: youth centres and coworking, volunteering,
the talent reserve, youth prizes and grants, and the formalisation of market traders.

Each part is its own Django app under ``jastar/community/<part>/``; what they share (their
figures for the indicators and the yearly report, their demo data, their menu entries) is
gathered by :mod:`jastar.community.modules`.
"""
