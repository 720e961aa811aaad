#!/usr/bin/python3
"""Checks that a file holds valid OpenMetrics text, strictly: prometheus_client's own
OpenMetrics parser (Debian's python3-prometheus-client) reads every family, and any
error (bad line, buckets out of order, +Inf not equal to the count, no # EOF) fails.

Usage: check_openmetrics.py FILE
Prints one line per sample, "NAME{LABEL=VALUE,...} VALUE" with the labels sorted, so a
test can read the values; exits 1 with the parser's message when the text is invalid."""
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    try:
        families = list(text_string_to_metric_families(text))
    except ValueError as error:
        print(f"invalid OpenMetrics: {error}", file=sys.stderr)
        return 1
    for family in families:
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            print(f"{sample.name}{{{labels}}} {sample.value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
