using Dapper;
using HealthMesh.ServiceDefaults.Persistence;

namespace HealthMesh.ServiceDefaults.Documents;

public sealed class SqlClinicalDocumentStore(Database database, DocumentEncryption encryption, TimeProvider clock) : IClinicalDocumentStore
{
    public async Task<string> PutAsync(Guid workflowId, string name, ReadOnlyMemory<byte> content, DocumentSensitivity sensitivity, CancellationToken cancellationToken = default)
    {
        var reference = ClinicalDocumentReference.For(workflowId, name);
        var isPhi = sensitivity == DocumentSensitivity.Phi;
        var stored = isPhi ? encryption.Encrypt(reference, content.Span) : content.ToArray();

        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            new CommandDefinition(
                SqlScripts.Get(typeof(SqlClinicalDocumentStore).Assembly, "UpsertClinicalDocument", database.Provider),
                new
                {
                    Reference = reference,
                    WorkflowId = workflowId.ToString("N"),
                    Sensitivity = sensitivity.ToString(),
                    KeyId = isPhi ? encryption.ActiveKeyId : null,
                    Content = stored,
                    CreatedAt = clock.GetUtcNow().ToString("O"),
                },
                cancellationToken: cancellationToken));
        return reference;
    }

    public async Task<byte[]> GetAsync(string reference, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StoredDocument>(
            new CommandDefinition(
                "SELECT sensitivity AS Sensitivity, key_id AS KeyId, content AS Content FROM clinical_documents WHERE reference = @Reference",
                new { Reference = reference },
                cancellationToken: cancellationToken))
            ?? throw new ClinicalDocumentNotFoundException(reference);

        return row.Sensitivity == nameof(DocumentSensitivity.Phi)
            ? encryption.Decrypt(reference, row.KeyId!, row.Content)
            : row.Content;
    }

    public async Task<int> DeleteWorkflowAsync(Guid workflowId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM clinical_documents WHERE workflow_id = @WorkflowId",
            new { WorkflowId = workflowId.ToString("N") },
            cancellationToken: cancellationToken));
    }

    private sealed record StoredDocument(string Sensitivity, string? KeyId, byte[] Content);
}
