"""Benchmarks: `bench.generate` writes realistic corpora, `bench.run` (`make bench`) measures them."""
