namespace HealthMesh.Orchestrator.Operations.Replay;

/// <summary>A replay request that cannot run as asked; the message says what to change.</summary>
public sealed class ReplayValidationException(string message) : Exception(message);
