"""The ``planner`` command line, one module per command group."""
