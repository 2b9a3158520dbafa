"""The yearly (period) report: ``jastar report`` and the dashboard's download button.

:mod:`.content` writes the report's sentences and tables from the dashboards,
:mod:`.charts` draws its charts, :mod:`.render` lays it out as HTML, PDF or XLSX.
"""
