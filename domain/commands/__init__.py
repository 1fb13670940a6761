"""The application service's commands, one module for each part of the organising cycle."""
