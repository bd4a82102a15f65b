using HealthMesh.Contracts;

namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// What is left of a purged vault: when and why, and where the note was written when the purge followed its write-back
/// (so a replayed write-back can still answer "already present"). Holds no PHI.
/// </summary>
public sealed record VaultPurge(Guid WorkflowId, DateTimeOffset PurgedAt, string Reason, ClinicalNoteWrittenBack? WrittenBack);
