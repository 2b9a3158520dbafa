"""Business grants: the application with its plan, committee scores, ranking, award,
disbursement and the survival check a year later.

Models are in :mod:`.models` (registered through ``jastar.programs.models``), writes in
:mod:`.services`, reads in :mod:`.selectors`.
"""
