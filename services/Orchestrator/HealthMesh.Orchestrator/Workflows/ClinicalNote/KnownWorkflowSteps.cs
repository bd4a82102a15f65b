namespace HealthMesh.Orchestrator.Workflows.ClinicalNote;

/// <summary>Names of the workflow steps that send a command and can fault.</summary>
public static class KnownWorkflowSteps
{
    public const string Deidentify = "deidentify";
    public const string Draft = "draft";
    public const string WriteBack = "write-back";

    /// <summary>The consent check right before write-back.</summary>
    public const string Consent = "consent";
}
