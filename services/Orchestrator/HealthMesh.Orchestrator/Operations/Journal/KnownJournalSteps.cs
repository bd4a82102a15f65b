using HealthMesh.Orchestrator.Workflows.ClinicalNote;

namespace HealthMesh.Orchestrator.Operations.Journal;

/// <summary>The workflow step a journaled message belongs to.</summary>
public static class KnownJournalSteps
{
    public const string Intake = "intake";
    public const string Deidentify = KnownWorkflowSteps.Deidentify;
    public const string Draft = KnownWorkflowSteps.Draft;
    public const string Review = "review";
    public const string WriteBack = KnownWorkflowSteps.WriteBack;

    /// <summary>Messages about the workflow as a whole: completed, faulted, superseded, operator requests.</summary>
    public const string Workflow = "workflow";
}
