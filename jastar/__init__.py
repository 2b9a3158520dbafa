"""Jastar: youth-employment management information system."""
