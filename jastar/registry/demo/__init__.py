"""The synthetic demo region: ``jastar demo`` loads it, reproducible from a seed.

``generator.generate`` builds it as plain records (pure, no database);
``loader.demo_load`` writes it to the database and ``loader.demo_unload`` removes it.
``targets`` holds the published figures it is calibrated to.
"""
