namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>Faults of one step with one exception type (the reason by kind; the message may quote PHI and is not shown).</summary>
public sealed record FaultCount(string Step, string ExceptionType, int Count, DateTimeOffset LastAt);
