namespace HealthMesh.Orchestrator.Operations.Replay;

/// <param name="Matched">Journal entries the filters matched (several per workflow are replayed once).</param>
public sealed record ReplayResult(Guid BatchId, bool DryRun, string FromStep, int Matched, int Sent, int Skipped, IReadOnlyList<ReplayItem> Items);
