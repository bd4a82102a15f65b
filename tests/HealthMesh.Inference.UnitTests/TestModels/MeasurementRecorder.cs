using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HealthMesh.ServiceDefaults;

namespace HealthMesh.Inference.UnitTests.TestModels;

/// <summary>Collects one HealthMesh instrument's measurements whose <c>model</c> tag is <paramref name="model"/>.</summary>
public sealed class MeasurementRecorder<T> : IDisposable
    where T : struct
{
    private readonly MeterListener _listener = new();

    public MeasurementRecorder(string instrument, string model)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == HealthMeshTelemetry.MeterName && i.Name == instrument)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<T>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "model" && Equals(tag.Value, model))
                {
                    Values.Add(value);
                }
            }
        });
        _listener.Start();
    }

    public ConcurrentBag<T> Values { get; } = [];

    public void Dispose() => _listener.Dispose();
}
