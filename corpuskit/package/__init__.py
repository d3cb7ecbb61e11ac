"""Packaging: Parquet shards, the dataset card, the manifest and versions."""
