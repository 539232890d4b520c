"""What residents see without logging in: their compound's page, its notice, feedback."""
