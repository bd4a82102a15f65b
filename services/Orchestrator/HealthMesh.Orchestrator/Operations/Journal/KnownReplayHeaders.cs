namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>
/// Headers a replayed message carries. The replay has a new message id (so no inbox or journal mistakes it for the
/// original); these name the original and the batch.
/// </summary>
public static class KnownReplayHeaders
{
    public const string ReplayOf = "HealthMesh-Replay-Of";
    public const string ReplayBatch = "HealthMesh-Replay-Batch";
}
