"""Input and output serializers of API v1: shapes only, no business rules (STYLE rule 6).

Names are unique across the API because drf-spectacular names schema components after
them (``PersonOutputSerializer`` → ``PersonOutput``). One module per part of the API.
"""
