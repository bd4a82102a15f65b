namespace HealthMesh.Orchestrator.Governance.Audit;

/// <summary>The result of walking the chain from its first record.</summary>
/// <param name="Records">Records walked (up to the first break, or all).</param>
/// <param name="FirstBrokenSequence">The first sequence number whose record is missing, changed or not linked to the one before; null when intact.</param>
/// <param name="Problem">What is wrong at <paramref name="FirstBrokenSequence"/>.</param>
/// <param name="HeadSequence">The last record's sequence when intact: note it (with <paramref name="HeadHash"/>) outside the database to detect a later truncation of the tail.</param>
public sealed record AuditVerification(
    bool Intact,
    long Records,
    long? FirstBrokenSequence,
    string? Problem,
    long? HeadSequence,
    string? HeadHash,
    DateTimeOffset VerifiedAt);
