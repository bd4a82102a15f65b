using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HealthMesh.ServiceDefaults;

/// <summary>The one activity source and meter HealthMesh code reports through. Tags carry ids, never PHI.</summary>
public static class HealthMeshTelemetry
{
    public const string ActivitySourceName = "HealthMesh";
    public const string MeterName = "HealthMesh";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);
}
