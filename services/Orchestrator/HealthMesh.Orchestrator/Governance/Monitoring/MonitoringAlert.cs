namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <param name="Kind">One of <see cref="KnownAlertKinds"/>.</param>
/// <param name="Subject">What degraded: an engine version, a distribution, a dimension and group.</param>
/// <param name="Measure">The measure that crossed its threshold.</param>
public sealed record MonitoringAlert(string Kind, string Subject, string Measure, double Value, double Threshold, string Message);
