"""Infrastructure: where files live, the log, the collector pause, the version and the shipped guide."""
