"""Read models built from the recorded events (see the projections issue)."""
