namespace HealthMesh.IntegrationTests.Orchestrator.Counting;

public sealed record StartCounting(Guid CounterId);
