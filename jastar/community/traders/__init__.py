"""Trader formalisation: a part of jastar.community."""
