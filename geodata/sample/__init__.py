"""The illustrative Jiayuguan sample (generated deterministically) and the synthetic city of the
benchmarks; the data files beside this module are what the builder wrote."""

from pathlib import Path

#: The folder of the sample's data files (programmes, sites, buildings, work items).
SAMPLE_DIR = Path(__file__).resolve().parent
