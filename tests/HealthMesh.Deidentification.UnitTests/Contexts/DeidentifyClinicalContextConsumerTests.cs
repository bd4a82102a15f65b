using System.Security.Cryptography;
using HealthMesh.Contracts;
using HealthMesh.Deidentification.Audit;
using HealthMesh.Deidentification.FreeText;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using HealthMesh.Deidentification.Vault;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using Hl7.Fhir.Model;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Deidentification.UnitTests.Contexts;

/// <summary>The consumer on MassTransit's test harness, with the real SQLite document store in a temporary file.</summary>
public sealed class DeidentifyClinicalContextConsumerTests : IAsyncLifetime
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"hm-deid-{Guid.NewGuid():N}.db");
    private IHost host = null!;
    private ITestHarness harness = null!;
    private IClinicalDocumentStore documents = null!;
    private IReidentificationVaultReader vaults = null!;

    public async System.Threading.Tasks.Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Database:Provider"] = "Sqlite",
            ["HealthMesh:Database:ConnectionString"] = $"Data Source={databasePath}",
            ["HealthMesh:Documents:ActiveKeyId"] = "k1",
            ["HealthMesh:Documents:EncryptionKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["HealthMesh:Deidentification:HmacKey"] = Fixtures.HmacKey,
            ["HealthMesh:Vault:ActiveKeyId"] = "v1",
            ["HealthMesh:Vault:Keys:v1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        builder.AddDatabase();
        builder.AddClinicalDocuments();
        builder.AddDeidentification();
        // Write-back's side, to check what was sealed.
        builder.Services.AddReidentificationVaultReader();
        MessagingExtensions.MapCommandEndpoints();
        builder.Services.AddMassTransitTestHarness(bus => bus.AddDeidentificationConsumers());
        // Time without bus activity before the harness concludes nothing more will come.
        builder.Services.Configure<TestHarnessOptions>(o =>
        {
            o.TestInactivityTimeout = TimeSpan.FromSeconds(3);
            o.TestTimeout = TimeSpan.FromSeconds(60);
        });
        host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        harness = host.Services.GetRequiredService<ITestHarness>();
        documents = host.Services.GetRequiredService<IClinicalDocumentStore>();
        vaults = host.Services.GetRequiredService<IReidentificationVaultReader>();
        await harness.Start();
    }

    public async System.Threading.Tasks.Task DisposeAsync()
    {
        await harness.Stop();
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(databasePath);
    }

    [Fact]
    public async System.Threading.Tasks.Task Publishes_the_patient_group_for_monitoring_and_stores_no_trace_of_it_in_the_deidentified_context()
    {
        var workflowId = Guid.NewGuid();
        var bundle = Fixtures.Bundle(Fixtures.EncounterContext);
        bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single().Communication.Add(
            new Patient.CommunicationComponent { Language = new CodeableConcept("urn:ietf:bcp:47", "pt-BR"), Preferred = true });
        var contextReference = await documents.PutAsync(workflowId, KnownDocumentNames.Context, FhirJson.SerializeToUtf8Bytes(bundle), DocumentSensitivity.Phi);

        await harness.Bus.Send(new DeidentifyClinicalContext(workflowId, contextReference, NoteKind.EncounterSummary));

        Assert.True(await harness.Published.Any<ClinicalContextDeidentified>(m => m.Context.Message.WorkflowId == workflowId));
        var published = harness.Published.Select<ClinicalContextDeidentified>().Single(m => m.Context.Message.WorkflowId == workflowId).Context.Message;
        Assert.Equal(new PatientGroup("female", "65-89", "pt", null, null), published.PatientGroup);
        // The drafting engine reads the de-identified context: the derived band is not added to it.
        var deidentified = System.Text.Encoding.UTF8.GetString(await documents.GetAsync(published.DeidentifiedContextReference));
        Assert.DoesNotContain("65-89", deidentified);
    }

    [Fact]
    public async System.Threading.Tasks.Task Stores_the_deidentified_context_and_the_vault_and_publishes_the_count()
    {
        var workflowId = Guid.NewGuid();
        var contextReference = await documents.PutAsync(
            workflowId, KnownDocumentNames.Context, FhirJson.SerializeToUtf8Bytes(Fixtures.Bundle(Fixtures.EncounterContext)), DocumentSensitivity.Phi);

        await harness.Bus.Send(new DeidentifyClinicalContext(workflowId, contextReference, NoteKind.EncounterSummary));

        Assert.True(await harness.Published.Any<ClinicalContextDeidentified>(m => m.Context.Message.WorkflowId == workflowId));
        var published = harness.Published.Select<ClinicalContextDeidentified>().Single().Context.Message;
        Assert.True(published.IdentifiersReplaced > 30);

        var deidentified = FhirJson.Parse<Bundle>(await documents.GetAsync(published.DeidentifiedContextReference));
        Assert.DoesNotContain("Marsh", Engine.ContextDeidentifierTests.AllText(deidentified));
        var vault = await vaults.ReadAsync(workflowId, CancellationToken.None);
        Assert.Equal(workflowId, vault.WorkflowId);
        Assert.Contains(vault.Entries, e => e.Original == "Marsh");

        // The audit: stored, served to operators, counts only.
        var audit = Assert.IsType<Ok<DeidentificationAuditRecord>>((await DeidentificationAuditApi.GetAudit(documents, workflowId, CancellationToken.None)).Result).Value!;
        Assert.Equal((workflowId, "default", published.IdentifiersReplaced), (audit.WorkflowId, audit.Profile, audit.Total));
        Assert.Contains(audit.Counts, c => c is { Kind: "name", Method: "substitute", Count: > 0 });
        Assert.Contains(audit.Counts, c => c is { Kind: "date", Method: "dateShift", Count: > 0 });
        Assert.Contains(audit.Counts, c => c is { Kind: "identifier", Method: "pseudonym", Count: > 0 });
        Assert.Contains(audit.Counts, c => c is { Kind: "name", Method: KnownTextMethods.Surrogate, Count: > 0 });
        var json = System.Text.Encoding.UTF8.GetString(audit.ToJson());
        Assert.DoesNotContain("Marsh", json);
        Assert.DoesNotContain("MRN00482913", json);
        Assert.IsType<ProblemHttpResult>((await DeidentificationAuditApi.GetAudit(documents, Guid.NewGuid(), CancellationToken.None)).Result);
    }

    [Fact]
    public async System.Threading.Tasks.Task Redelivery_writes_the_same_documents_again()
    {
        var workflowId = Guid.NewGuid();
        var contextReference = await documents.PutAsync(
            workflowId, KnownDocumentNames.Context, FhirJson.SerializeToUtf8Bytes(Fixtures.Bundle(Fixtures.RadiologyContext)), DocumentSensitivity.Phi);

        var command = new DeidentifyClinicalContext(workflowId, contextReference, NoteKind.RadiologyReport);

        // The same command twice, as a broker redelivers it after a lost acknowledgement.
        await harness.Bus.Send(command);
        var first = (await FirstAsync(harness.Published.SelectAsync<ClinicalContextDeidentified>())).Context.Message;
        var firstBytes = await documents.GetAsync(first.DeidentifiedContextReference);
        var firstVault = (await vaults.ReadAsync(workflowId, CancellationToken.None)).ToJson();
        await harness.Bus.Send(command);

        Assert.True(await harness.Consumed.Any<DeidentifyClinicalContext>(c => c.Context.MessageId != harness.Consumed.Select<DeidentifyClinicalContext>().First().Context.MessageId));
        var all = harness.Published.Select<ClinicalContextDeidentified>().Select(p => p.Context.Message).ToList();
        Assert.Equal([first, first], all);
        Assert.Equal(firstBytes, await documents.GetAsync(first.DeidentifiedContextReference));
        Assert.Equal(firstVault, (await vaults.ReadAsync(workflowId, CancellationToken.None)).ToJson());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_purge_request_removes_the_vault_and_the_context_is_not_de_identified_again()
    {
        var workflowId = Guid.NewGuid();
        var contextReference = await documents.PutAsync(
            workflowId, KnownDocumentNames.Context, FhirJson.SerializeToUtf8Bytes(Fixtures.Bundle(Fixtures.EncounterContext)), DocumentSensitivity.Phi);
        var command = new DeidentifyClinicalContext(workflowId, contextReference, NoteKind.EncounterSummary);
        await harness.Bus.Send(command);
        Assert.True(await harness.Published.Any<ClinicalContextDeidentified>(m => m.Context.Message.WorkflowId == workflowId));

        await harness.Bus.Send(new PurgeReidentificationData(workflowId, "consent withdrawn", DateTimeOffset.UtcNow));
        Assert.True(await harness.Consumed.Any<PurgeReidentificationData>());

        var gone = await Assert.ThrowsAsync<ReidentificationDataUnavailableException>(() => vaults.ReadAsync(workflowId, CancellationToken.None));
        Assert.Equal("consent withdrawn", gone.Purge!.Reason);
        Assert.DoesNotContain("Marsh", gone.Message);

        // A redelivered or replayed de-identification must not bring the mapping back.
        await harness.Bus.Send(command);
        Assert.True(await harness.Published.Any<Fault<DeidentifyClinicalContext>>());
        var fault = harness.Published.Select<Fault<DeidentifyClinicalContext>>().Single().Context.Message;
        Assert.Contains("purged", fault.Exceptions[0].Message);
        Assert.Contains("consent withdrawn", fault.Exceptions[0].Message);
        await Assert.ThrowsAsync<ReidentificationDataUnavailableException>(() => vaults.ReadAsync(workflowId, CancellationToken.None));
        Assert.Single(harness.Published.Select<ClinicalContextDeidentified>());
    }

    [Fact]
    public async System.Threading.Tasks.Task A_purge_before_de_identification_keeps_the_vault_from_ever_being_stored()
    {
        var workflowId = Guid.NewGuid();
        await harness.Bus.Send(new PurgeReidentificationData(workflowId, "consent withdrawn", DateTimeOffset.UtcNow));
        Assert.True(await harness.Consumed.Any<PurgeReidentificationData>());
        var contextReference = await documents.PutAsync(
            workflowId, KnownDocumentNames.Context, FhirJson.SerializeToUtf8Bytes(Fixtures.Bundle(Fixtures.RadiologyContext)), DocumentSensitivity.Phi);

        await harness.Bus.Send(new DeidentifyClinicalContext(workflowId, contextReference, NoteKind.RadiologyReport));

        Assert.True(await harness.Published.Any<Fault<DeidentifyClinicalContext>>());
        Assert.False(harness.Published.Select<ClinicalContextDeidentified>().Any());
        await Assert.ThrowsAsync<ReidentificationDataUnavailableException>(() => vaults.ReadAsync(workflowId, CancellationToken.None));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_replay_after_write_back_de_identifies_again_without_restoring_the_vault()
    {
        var workflowId = Guid.NewGuid();
        var contextReference = await documents.PutAsync(
            workflowId, KnownDocumentNames.Context, FhirJson.SerializeToUtf8Bytes(Fixtures.Bundle(Fixtures.EncounterContext)), DocumentSensitivity.Phi);
        var command = new DeidentifyClinicalContext(workflowId, contextReference, NoteKind.EncounterSummary);
        await harness.Bus.Send(command);
        Assert.True(await harness.Published.Any<ClinicalContextDeidentified>(m => m.Context.Message.WorkflowId == workflowId));
        var purger = host.Services.GetRequiredService<ReidentificationVaultPurger>();
        await purger.PurgeWrittenBackAsync(new ClinicalNoteWrittenBack(workflowId, "DocumentReference/1", "Composition/1", "Provenance/1", false), CancellationToken.None);

        await harness.Bus.Send(command);

        Assert.True(await harness.Consumed.Any<DeidentifyClinicalContext>(c => c.Context.MessageId != harness.Consumed.Select<DeidentifyClinicalContext>().First().Context.MessageId));
        Assert.Equal(2, harness.Published.Select<ClinicalContextDeidentified>().Count());
        Assert.False(harness.Published.Select<Fault<DeidentifyClinicalContext>>().Any());
        var gone = await Assert.ThrowsAsync<ReidentificationDataUnavailableException>(() => vaults.ReadAsync(workflowId, CancellationToken.None));
        Assert.Equal("DocumentReference/1", gone.Purge!.WrittenBack!.DocumentReference);
    }

    private static async System.Threading.Tasks.Task<T> FirstAsync<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var item in items)
        {
            return item;
        }

        throw new InvalidOperationException("Nothing arrived before the harness timed out.");
    }

    [Fact]
    public async System.Threading.Tasks.Task A_context_that_is_no_bundle_faults_at_once_with_a_reason()
    {
        var workflowId = Guid.NewGuid();
        var contextReference = await documents.PutAsync(
            workflowId, KnownDocumentNames.Context, """{"resourceType":"Patient","id":"x","name":[{"family":"Marsh"}]}"""u8.ToArray(), DocumentSensitivity.Phi);

        await harness.Bus.Send(new DeidentifyClinicalContext(workflowId, contextReference, NoteKind.EncounterSummary));

        Assert.True(await harness.Published.Any<Fault<DeidentifyClinicalContext>>());
        var fault = harness.Published.Select<Fault<DeidentifyClinicalContext>>().Single().Context.Message;
        Assert.Contains("not a valid FHIR R4 Bundle", fault.Exceptions[0].Message);
        Assert.DoesNotContain("Marsh", fault.Exceptions[0].Message);
        Assert.Single(harness.Consumed.Select<DeidentifyClinicalContext>());
        Assert.False(harness.Published.Select<ClinicalContextDeidentified>().Any());
    }
}
