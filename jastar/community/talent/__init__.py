"""Talent reserve: a part of jastar.community."""
