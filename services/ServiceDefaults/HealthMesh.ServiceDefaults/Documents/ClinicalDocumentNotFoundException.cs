namespace HealthMesh.ServiceDefaults.Documents;

public sealed class ClinicalDocumentNotFoundException(string reference)
    : Exception($"No clinical document '{reference}' in the document store (deleted by retention, or never written).")
{
    public string Reference { get; } = reference;
}
