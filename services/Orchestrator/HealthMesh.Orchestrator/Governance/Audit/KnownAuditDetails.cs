namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>
/// Keys of an audit record's detail: references, ids, counts and names only. Free text (a rejection reason, a fault
/// message, note text) can quote PHI and is never recorded.
/// </summary>
public static class KnownAuditDetails
{
    /// <summary>The source resource, <c>Type/id/_history/version</c>, relative to <see cref="SourceSystem"/>.</summary>
    public const string Source = "source";
    public const string SourceSystem = "sourceSystem";
    public const string NoteKind = "noteKind";
    public const string IdentifiersReplaced = "identifiersReplaced";
    public const string Engine = "engine";
    public const string EngineVersion = "engineVersion";
    public const string Revision = "revision";
    public const string DocumentReference = "documentReference";
    public const string Composition = "composition";
    public const string Provenance = "provenance";
    public const string AlreadyPresent = "alreadyPresent";
    public const string ExceptionType = "exceptionType";
    public const string FromStep = "fromStep";
    public const string ReplayBatch = "replayBatch";
    public const string ReplayOf = "replayOf";
    public const string Role = "role";
}
