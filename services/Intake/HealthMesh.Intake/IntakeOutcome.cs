namespace HealthMesh.Intake;

/// <param name="WorkflowId">The workflow the event started or re-joined; null when ignored before a version was known.</param>
/// <param name="Reason">Why a duplicate or ignored event was not published, or why consent stopped an accepted one (ids only, no PHI).</param>
public sealed record IntakeOutcome(IntakeOutcomeKind Kind, string ResourceKey, Guid? WorkflowId, string? Reason);
