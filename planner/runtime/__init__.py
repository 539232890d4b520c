"""What a process does to start and to serve: the database made ready, the maps warmed, the
production checks and the health check. The wiring of the domains lives here, above them."""
