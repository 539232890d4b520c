"""The illustrative Jiayuguan sample (generated deterministically) and the synthetic city of the
benchmarks; the data files beside this module are what the builder wrote."""

from pathlib import Path

#: The folder of the sample's data files (programmes, sites, buildings, work items).
SAMPLE_DIR = Path(__file__).resolve().parent

#: The sample programme whose totals (19 compounds, their buildings and households, the seven
#: quantities: ``builder.REPORT_TOTALS_2023``) are those of the 2024 report on Jiayuguan's 2023
#: works; a public page of one of its compounds says so (``portal.illustrative``), the others
#: say their figures are illustrative sample data.
REPORTED_PROGRAMME = "p2023"
