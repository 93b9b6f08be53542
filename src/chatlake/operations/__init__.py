"""What an operator watches: the delivery worker's heartbeat, the health checks, Prometheus metrics."""
