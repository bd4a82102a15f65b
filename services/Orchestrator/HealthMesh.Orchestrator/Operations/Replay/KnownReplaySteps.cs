using HealthMesh.Orchestrator.Workflows.ClinicalNote;

namespace HealthMesh.Orchestrator.Operations.Replay;

/// <summary>Where a replay restarts a workflow.</summary>
public static class KnownReplaySteps
{
    /// <summary>Re-publishes the journaled <c>ClinicalEventReceived</c> (a workflow the Orchestrator has no row for is started again); an existing workflow restarts at de-identification with the context Intake stored.</summary>
    public const string Intake = "intake";
    public const string Deidentify = KnownWorkflowSteps.Deidentify;
    public const string Draft = KnownWorkflowSteps.Draft;
    public const string WriteBack = KnownWorkflowSteps.WriteBack;

    public static readonly IReadOnlyList<string> All = [Intake, Deidentify, Draft, WriteBack];
}
