using HealthMesh.Orchestrator.Governance.Audit;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.ServiceDefaults.Messaging;

namespace HealthMesh.Orchestrator.Operations.FailedMessages;

/// <summary>
/// The queues HealthMesh consumes from and MassTransit's companions of each: <c>_error</c> (faulted after retries),
/// <c>_skipped</c> (dead letters: no consumer for the type) and ours, <c>_parking</c> (set aside by an operator).
/// </summary>
public static class KnownFailedQueues
{
    public const string ErrorSuffix = "_error";
    public const string SkippedSuffix = "_skipped";
    public const string ParkingSuffix = "_parking";

    public static readonly IReadOnlyList<string> Inputs =
    [
        KnownQueues.DeidentifyClinicalContext,
        KnownQueues.DraftClinicalNote,
        KnownQueues.WriteBackClinicalNote,
        KnownQueues.CheckPatientConsent,
        KnownQueues.PurgeReidentificationData,
        KnownQueues.ClinicalNoteWorkflow,
        MessageJournalConsumerDefinition.QueueName,
        AuditTrailConsumerDefinition.QueueName,
    ];

    /// <summary>The step of a configured extra queue's messages: not HealthMesh's, so no workflow step.</summary>
    public const string ExternalStep = "external";

    /// <summary>The step a queue's commands run, for the step commands; <c>workflow</c>, <c>audit</c>, <c>journal</c> or <c>external</c> otherwise.</summary>
    public static string StepOf(string inputQueue) => inputQueue switch
    {
        KnownQueues.DeidentifyClinicalContext => KnownJournalSteps.Deidentify,
        KnownQueues.DraftClinicalNote => KnownJournalSteps.Draft,
        KnownQueues.WriteBackClinicalNote => KnownJournalSteps.WriteBack,
        KnownQueues.CheckPatientConsent => Workflows.ClinicalNote.KnownWorkflowSteps.Consent,
        KnownQueues.ClinicalNoteWorkflow or KnownQueues.PurgeReidentificationData => KnownJournalSteps.Workflow,
        AuditTrailConsumerDefinition.QueueName => "audit",
        MessageJournalConsumerDefinition.QueueName => "journal",
        _ => ExternalStep,
    };

    public static string InputOf(string failedQueue) =>
        failedQueue.EndsWith(ErrorSuffix, StringComparison.Ordinal) ? failedQueue[..^ErrorSuffix.Length]
        : failedQueue.EndsWith(SkippedSuffix, StringComparison.Ordinal) ? failedQueue[..^SkippedSuffix.Length]
        : failedQueue.EndsWith(ParkingSuffix, StringComparison.Ordinal) ? failedQueue[..^ParkingSuffix.Length]
        : failedQueue;
}
