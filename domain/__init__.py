"""The write side of Groundwork: aggregates, their events and the application service."""
