using HealthMesh.Contracts;

namespace HealthMesh.Orchestrator.Workflows.Operations;

/// <summary>
/// A workflow stopped by a fault, for the operator: the step, the reason (for a write-back, the EHR's
/// OperationOutcome diagnostics) and how often the step was tried. Ids and references only.
/// </summary>
public sealed record FaultedWorkflowEntry(
    Guid WorkflowId,
    NoteKind NoteKind,
    string ResourceType,
    string ResourceId,
    string ResourceVersion,
    string Step,
    string Reason,
    int Attempts,
    string? ReviewerReference,
    DateTimeOffset FaultedAt);
