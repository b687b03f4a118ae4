"""The example document (a fixture for the demo, the screenshots and the benchmarks), kept out of the domain."""
