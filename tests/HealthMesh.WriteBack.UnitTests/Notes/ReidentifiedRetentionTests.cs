using System.Text;
using System.Text.Json;
using Dapper;
using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.WriteBack.UnitTests.Fhir;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.WriteBack.UnitTests.Notes;

/// <summary>
/// Re-identification happens in memory just before the EHR transaction: the re-identified note reaches the EHR and
/// nothing else. The document store holds the same documents after the write as before (the source context and the
/// vault, which write-back reads, and the de-identified final note), none of them the re-identified text, and the
/// messages write-back publishes carry references only.
/// </summary>
public sealed class ReidentifiedRetentionTests
{
    private static readonly string Reidentified = $"{TestNotes.PatientName} reports improved glucose control.";

    [Fact]
    public async System.Threading.Tasks.Task After_the_write_no_document_or_message_holds_the_re_identified_note()
    {
        await using var host = await WriteBackTestHost.StartAsync();
        var command = await host.PrepareAsync();
        var before = await DocumentsOfAsync(host, command.WorkflowId);

        await host.DeliverAsync(command);

        var document = Assert.Single(host.Ehr.All<DocumentReference>());
        Assert.Contains(Reidentified, Encoding.UTF8.GetString(document.Content[0].Attachment.Data));

        var after = await DocumentsOfAsync(host, command.WorkflowId);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(after, d => Assert.DoesNotContain(Reidentified, d.Value, StringComparison.Ordinal));
        Assert.All(after, d => Assert.DoesNotContain("improved glucose control", d.Key, StringComparison.Ordinal));

        var published = host.Harness.Published.Select(_ => true).Select(m => JsonSerializer.Serialize(m.MessageObject, m.MessageObject.GetType())).ToList();
        Assert.NotEmpty(published);
        Assert.All(published, message => Assert.DoesNotContain(TestNotes.PatientName, message, StringComparison.Ordinal));
        Assert.Single(host.WrittenBack());
    }

    /// <summary>Every stored document of the workflow, decrypted: reference → text.</summary>
    private static async Task<Dictionary<string, string>> DocumentsOfAsync(WriteBackTestHost host, Guid workflowId)
    {
        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        var references = await connection.QueryAsync<string>("SELECT reference FROM clinical_documents WHERE workflow_id = @WorkflowId", new { WorkflowId = workflowId.ToString("N") });
        var documents = new Dictionary<string, string>();
        foreach (var reference in references)
        {
            documents[reference] = Encoding.UTF8.GetString(await host.Documents.GetAsync(reference));
        }

        return documents;
    }
}
