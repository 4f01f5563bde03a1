"""Prometheus metrics: request counts and latencies per route, abstentions, index size."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "eldercare_requests_total", "HTTP requests", ["route", "method", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "eldercare_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=self.registry,
        )
        self.answers = Counter(
            "eldercare_answers_total", "Answers given", ["answered"], registry=self.registry
        )
        self.chunks = Gauge("eldercare_index_chunks", "Passages in the loaded index", registry=self.registry)
        self.documents = Gauge(
            "eldercare_index_documents", "Documents in the loaded index", registry=self.registry
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
