using HealthMesh.Contracts;
using MassTransit;

namespace HealthMesh.Orchestrator.Workflows.ClinicalNote;

/// <summary>One note workflow. Holds ids and document references only, never PHI.</summary>
public sealed class ClinicalNoteWorkflowState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    /// <summary>When the workflow entered <see cref="CurrentState"/> (set on every transition).</summary>
    public DateTimeOffset StateEnteredAt { get; set; }

    /// <summary>
    /// W3C traceparent of the event that started the workflow. A reviewer's decision arrives in its own HTTP request;
    /// it is published in this trace, so one trace follows the workflow through every service.
    /// </summary>
    public string? TraceParent { get; set; }

    /// <summary>Row version for optimistic concurrency; the repository bumps it on every write.</summary>
    public int Version { get; set; }

    public string SourceSystem { get; set; } = string.Empty;

    public string ResourceType { get; set; } = string.Empty;

    public string ResourceId { get; set; } = string.Empty;

    public string ResourceVersion { get; set; } = string.Empty;

    public DateTimeOffset? ResourceLastUpdated { get; set; }

    /// <summary>Source system + resource type + id, without version: workflows of one resource share it (supersede).</summary>
    public string ResourceKey { get; set; } = string.Empty;

    public NoteKind NoteKind { get; set; }

    public string ContextReference { get; set; } = string.Empty;

    public DateTimeOffset ReceivedAt { get; set; }

    public string? DeidentifiedContextReference { get; set; }

    /// <summary>The draft revision asked for last; 1 for the first draft, +1 per regeneration.</summary>
    public int DraftRevision { get; set; }

    public string? DraftReference { get; set; }

    public ReviewPriority Priority { get; set; }

    public string? EngineName { get; set; }

    public string? EngineVersion { get; set; }

    public DateTimeOffset? ReviewDueAt { get; set; }

    public bool Escalated { get; set; }

    public ReviewDecision? ReviewDecision { get; set; }

    public string? ReviewerReference { get; set; }

    public string? FinalNoteReference { get; set; }

    public string? RejectionReason { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? DocumentReference { get; set; }

    public string? CompositionReference { get; set; }

    public string? ProvenanceReference { get; set; }

    /// <summary>The step that faulted (<see cref="KnownWorkflowSteps"/>), while Faulted.</summary>
    public string? FaultStep { get; set; }

    public string? FaultReason { get; set; }

    public int FaultAttempts { get; set; }

    /// <summary>How often each step's command was sent, keyed by <see cref="KnownWorkflowSteps"/>.</summary>
    public Dictionary<string, int> Attempts { get; set; } = [];

    public Guid? SupersededByWorkflowId { get; set; }

    /// <summary>Why the patient's consent stopped the workflow (ConsentDenied, ConsentWithdrawn): a Consent reference and rule, no PHI.</summary>
    public string? ConsentReason { get; set; }

    /// <summary>When consent was last confirmed or found withdrawn before write-back.</summary>
    public DateTimeOffset? ConsentCheckedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
