"""The sample's story, a chapter to a module: each holds `CHAPTER`, found and told in the
order it declares (see `interface.sample.recording`)."""
