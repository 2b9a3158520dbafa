"""Volunteering: a part of jastar.community."""
