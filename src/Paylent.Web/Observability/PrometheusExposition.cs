using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Paylent.Web.Observability;

/// <summary>
/// The metrics in the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/), collected on demand by an OpenTelemetry
/// reader with cumulative temporality. Our own, not OpenTelemetry.Exporter.Prometheus.AspNetCore: that
/// package is a beta a release behind the SDK (1.20.1-beta.1 against 1.21.0), its endpoint is mapped
/// into the app's own pipeline while ours is served on the separate management listener, and its
/// naming has changed between betas; the format is a page long and stable, so this stays small and ours.
/// </summary>
public sealed class PrometheusExposition
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private const int CollectTimeoutMilliseconds = 5000;

    private readonly TextExporter _exporter = new();
    private readonly Lock _scrape = new();

    public PrometheusExposition() => Reader = new BaseExportingMetricReader(_exporter);

    /// <summary>Handed to the meter provider, which owns (and disposes) it.</summary>
    public MetricReader Reader { get; }

    /// <summary>Every metric as it stands now; one scrape at a time, since the reader has one exporter.</summary>
    public string Scrape()
    {
        lock (_scrape)
        {
            _exporter.Output = new StringBuilder();
            Reader.Collect(CollectTimeoutMilliseconds);
            var text = _exporter.Output.ToString();
            _exporter.Output = null;
            return text;
        }
    }

    private sealed class TextExporter : BaseExporter<Metric>
    {
        public StringBuilder? Output { get; set; }

        public override ExportResult Export(in Batch<Metric> batch)
        {
            if (Output is not { } output)
            {
                return ExportResult.Failure;
            }

            foreach (var metric in batch)
            {
                Write(output, metric);
            }

            return ExportResult.Success;
        }
    }

    internal static void Write(StringBuilder output, Metric metric)
    {
        var (type, suffix) = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => ("counter", "_total"),
            MetricType.Histogram => ("histogram", ""),
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => ("gauge", ""),
            _ => (null, ""),
        };
        if (type is null)
        {
            // Exponential histograms have no text-format equivalent; nothing of ours records one.
            return;
        }

        var name = MetricName(metric.Name, metric.Unit);
        if (!string.IsNullOrEmpty(metric.Description))
        {
            output.Append("# HELP ").Append(name).Append(suffix).Append(' ').Append(EscapeHelp(metric.Description)).Append('\n');
        }

        output.Append("# TYPE ").Append(name).Append(suffix).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(output, name + suffix, labels, null, point.GetSumLong());
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(output, name + suffix, labels, null, point.GetSumDouble());
                    break;
                case MetricType.LongGauge:
                    Sample(output, name, labels, null, point.GetGaugeLastValueLong());
                    break;
                case MetricType.DoubleGauge:
                    Sample(output, name, labels, null, point.GetGaugeLastValueDouble());
                    break;
                case MetricType.Histogram:
                    // OpenTelemetry counts each bucket alone; Prometheus buckets are cumulative ("le").
                    long cumulative = 0;
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        cumulative += bucket.BucketCount;
                        Sample(output, name + "_bucket", labels, Number(bucket.ExplicitBound), cumulative);
                    }

                    Sample(output, name + "_sum", labels, null, point.GetHistogramSum());
                    Sample(output, name + "_count", labels, null, point.GetHistogramCount());
                    break;
            }
        }
    }

    /// <summary>Dots and other characters Prometheus does not allow become underscores; a unit of time or size is spelled out as a suffix.</summary>
    internal static string MetricName(string instrument, string? unit)
    {
        var name = Sanitize(instrument);
        var unitSuffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        return unitSuffix.Length == 0 || name.EndsWith(unitSuffix, StringComparison.Ordinal) ? name : name + unitSuffix;
    }

    private static string Labels(ReadOnlyTagCollection tags)
    {
        if (tags.Count == 0)
        {
            return "";
        }

        var labels = new StringBuilder();
        foreach (var tag in tags)
        {
            labels.Append(labels.Length == 0 ? "" : ",").Append(Sanitize(tag.Key)).Append("=\"")
                .Append(EscapeLabel(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }

        return labels.ToString();
    }

    private static void Sample(StringBuilder output, string name, string labels, string? le, double value) =>
        SampleLine(output, name, labels, le).Append(Number(value)).Append('\n');

    private static void Sample(StringBuilder output, string name, string labels, string? le, long value) =>
        SampleLine(output, name, labels, le).Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static StringBuilder SampleLine(StringBuilder output, string name, string labels, string? le)
    {
        output.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            output.Append('{').Append(labels);
            if (le is not null)
            {
                output.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            }

            output.Append('}');
        }

        return output.Append(' ');
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':') || (i == 0 && char.IsAsciiDigit(c)))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
