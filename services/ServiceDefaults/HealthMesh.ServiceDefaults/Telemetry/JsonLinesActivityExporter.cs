using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenTelemetry;

namespace HealthMesh.ServiceDefaults;

/// <summary>
/// Writes each finished span as one JSON line (trace and span ids, parent, name, source, kind, times, tags) to a file of
/// this process, for a machine without a collector and for tests that follow one trace across processes. Spans carry
/// ids only (no PHI), so the file is no more sensitive than what OTLP would send.
/// </summary>
public sealed class JsonLinesActivityExporter : BaseExporter<Activity>
{
    /// <summary>A directory; each process writes <c>&lt;application&gt;-&lt;process id&gt;.jsonl</c> in it.</summary>
    public const string DirectorySetting = "HealthMesh:Telemetry:TraceDirectory";

    private readonly string service;
    private readonly StreamWriter writer;

    public JsonLinesActivityExporter(string directory, string service)
    {
        this.service = service;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{service}-{Environment.ProcessId}.jsonl"));
        writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var activity in batch)
        {
            writer.WriteLine(JsonSerializer.Serialize(new
            {
                service,
                traceId = activity.TraceId.ToHexString(),
                spanId = activity.SpanId.ToHexString(),
                parentSpanId = activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
                name = activity.DisplayName,
                source = activity.Source.Name,
                kind = activity.Kind.ToString(),
                start = activity.StartTimeUtc,
                durationMs = activity.Duration.TotalMilliseconds,
                links = activity.Links.Select(l => new { traceId = l.Context.TraceId.ToHexString(), spanId = l.Context.SpanId.ToHexString() }),
                tags = activity.TagObjects.ToDictionary(t => t.Key, t => Convert.ToString(t.Value, CultureInfo.InvariantCulture)),
            }));
        }

        return ExportResult.Success;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            writer.Dispose();
        }

        base.Dispose(disposing);
    }
}
