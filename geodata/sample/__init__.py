"""The illustrative Jiayuguan sample (generated deterministically) and the synthetic city of the
benchmarks; the data files beside this module are what the builder wrote."""
