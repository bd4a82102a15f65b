namespace HealthMesh.ServiceDefaults.Documents;

public enum DocumentSensitivity
{
    /// <summary>De-identified content: stored as is.</summary>
    Deidentified,

    /// <summary>Protected health information: encrypted at rest with AES-GCM.</summary>
    Phi,
}
