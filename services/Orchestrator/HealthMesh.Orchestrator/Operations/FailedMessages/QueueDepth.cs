namespace HealthMesh.Orchestrator.Operations.FailedMessages;

public sealed record QueueDepth(string Queue, long Messages, long Consumers);
