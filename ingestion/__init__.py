"""Ingestion: sources (SEC, market data, news, uploads), the pipeline and the scheduler."""
