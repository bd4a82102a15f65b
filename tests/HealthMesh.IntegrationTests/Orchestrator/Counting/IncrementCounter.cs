namespace HealthMesh.IntegrationTests.Orchestrator.Counting;

public sealed record IncrementCounter(Guid CounterId, string Tag);
