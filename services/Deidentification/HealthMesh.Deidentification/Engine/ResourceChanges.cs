namespace HealthMesh.Deidentification.Engine;

/// <summary>What was done to one resource; becomes its <c>meta.security</c> labels.</summary>
[Flags]
public enum ResourceChanges
{
    None = 0,
    Pseudonymized = 1,
    Redacted = 2,
    Perturbed = 4,
    Abstracted = 8,
}
