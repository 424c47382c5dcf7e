using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Paylent.Web.Observability;

namespace Paylent.IntegrationTests.Hosting;

public sealed class PrometheusExpositionTests
{
    [Fact]
    public void Counters_gauges_and_histograms_are_written_in_the_prometheus_text_format()
    {
        using var meter = new Meter($"Paylent.Test.{Guid.NewGuid():N}");
        var exposition = new PrometheusExposition();
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meter.Name).AddReader(exposition.Reader)
            .AddView("test.duration", new ExplicitBucketHistogramConfiguration { Boundaries = [0.1, 1] })
            .Build();
        var counter = meter.CreateCounter<long>("paylent_test_events", "{event}", "Events.\nCounted.");
        var histogram = meter.CreateHistogram<double>("test.duration", "s");
        meter.CreateObservableGauge("paylent_test_depth", () => 7L);

        counter.Add(2, new TagList { { "kind", "a \"quoted\\ value\"\n" } });
        counter.Add(1, new TagList { { "kind", "a \"quoted\\ value\"\n" } });
        histogram.Record(0.0625);
        histogram.Record(0.5);
        histogram.Record(3);

        var text = exposition.Scrape();

        Assert.Contains("# HELP paylent_test_events_total Events.\\nCounted.\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE paylent_test_events_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("paylent_test_events_total{kind=\"a \\\"quoted\\\\ value\\\"\\n\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE paylent_test_depth gauge\npaylent_test_depth 7\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE test_duration_seconds histogram\n", text, StringComparison.Ordinal);

        // Prometheus buckets count everything at or below their bound.
        Assert.Contains("test_duration_seconds_bucket{le=\"0.1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("test_duration_seconds_bucket{le=\"1\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("test_duration_seconds_bucket{le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("test_duration_seconds_sum 3.5625\n", text, StringComparison.Ordinal);
        Assert.Contains("test_duration_seconds_count 3\n", text, StringComparison.Ordinal);

        counter.Add(4, new TagList { { "kind", "a \"quoted\\ value\"\n" } });
        Assert.Contains("paylent_test_events_total{kind=\"a \\\"quoted\\\\ value\\\"\\n\"} 7\n", exposition.Scrape(), StringComparison.Ordinal);
    }
}
