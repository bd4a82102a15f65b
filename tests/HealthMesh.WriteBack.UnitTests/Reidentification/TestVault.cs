using HealthMesh.ServiceDefaults.Documents;

namespace HealthMesh.WriteBack.UnitTests.Reidentification;

/// <summary>A vault-shaped PHI document <c>reid-vault</c>: surrogate → original, as de-identification writes it.</summary>
public sealed record TestVault(IReadOnlyList<TestVaultEntry> Entries)
{
    public const string DocumentName = "reid-vault";

    public static string ReferenceFor(Guid workflowId) => $"hm-doc:{workflowId:N}/{DocumentName}";

    public Task<string> StoreAsync(IClinicalDocumentStore documents, Guid workflowId) =>
        documents.PutJsonAsync(workflowId, DocumentName, this, DocumentSensitivity.Phi);
}
