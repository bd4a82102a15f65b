namespace HealthMesh.Contracts;

/// <summary>
/// Intake accepted a clinical event that starts (or re-joins) a note workflow. The FHIR context travels by
/// reference: <paramref name="ContextReference"/> names an encrypted document holding the PHI-bearing Bundle.
/// </summary>
public sealed record ClinicalEventReceived(
    Guid WorkflowId,
    string SourceSystem,
    string ResourceType,
    string ResourceId,
    string ResourceVersion,
    DateTimeOffset? ResourceLastUpdated,
    NoteKind NoteKind,
    string ContextReference,
    DateTimeOffset ReceivedAt);
