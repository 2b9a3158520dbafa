"""Rule types for program eligibility, grouped by what they look at.

Each rule is registered by dotted path in ``jastar.programs.eligibility.RULE_TYPES``;
nothing here is imported by name elsewhere, so modules can be reorganised freely as long
as the registry follows.
"""
