namespace HealthMesh.AllInOne.Process;

public enum FileOutcomeKind
{
    /// <summary>Every note the file triggered was produced.</summary>
    Processed,

    /// <summary>Valid FHIR with nothing that starts a note (reported, not an error).</summary>
    Skipped,

    /// <summary>Not usable as FHIR, or the pipeline failed on it: the exit code is non-zero.</summary>
    Failed,
}
