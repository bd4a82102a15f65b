using System.Security.Cryptography;
using HealthMesh.Contracts;
using HealthMesh.Deidentification.Surrogates;
using HealthMesh.Deidentification.Vault;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults;
using HealthMesh.Testing.FakeEhr;
using HealthMesh.Testing.PhiScanning;
using HealthMesh.WriteBack.UnitTests.Fhir;
using Hl7.Fhir.Model;
using MassTransit.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthMesh.WriteBack.UnitTests.Notes;

/// <summary>
/// Write-back as a host runs it (service defaults, options, the consumer and its definition on an in-memory test bus),
/// over a fake EHR holding the patient, the encounter and the reviewer, with the workflow's documents stored as
/// Intake, de-identification and the orchestrator leave them.
/// </summary>
public sealed class WriteBackTestHost : IAsyncDisposable
{
    private readonly IHost host;
    private readonly string databasePath;

    private WriteBackTestHost(IHost host, FakeEhr ehr, string databasePath)
    {
        this.host = host;
        this.databasePath = databasePath;
        Ehr = ehr;
        Harness = host.Services.GetRequiredService<ITestHarness>();
    }

    public FakeEhr Ehr { get; }

    public ITestHarness Harness { get; }

    public IClinicalDocumentStore Documents => host.Services.GetRequiredService<IClinicalDocumentStore>();

    public IServiceProvider Services => host.Services;

    /// <summary>De-identification's side of the vault, over write-back's store and keys (write-back registers no writer).</summary>
    public IReidentificationVaultWriter VaultWriter => new ReidentificationVaultWriter(
        host.Services.GetRequiredService<ReidentificationVaultStore>(), host.Services.GetRequiredService<VaultEncryption>());

    public ReidentificationVaultPurger VaultPurger => host.Services.GetRequiredService<ReidentificationVaultPurger>();

    /// <param name="logs">When given, receives every log entry from Debug up.</param>
    public static async Task<WriteBackTestHost> StartAsync(bool writeConditions = false, PhiCapture? logs = null)
    {
        var ehr = await FakeEhr.StartAsync(
            new Patient { Id = "pat-1", Name = [new HumanName { Family = "Testperson", Given = ["Alex"] }] },
            new Encounter { Id = "enc-1", Status = Encounter.EncounterStatus.Finished, Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"), Subject = new ResourceReference("Patient/pat-1") },
            new Practitioner { Id = "dr-1", Name = [new HumanName { Family = "Reviewer", Given = ["Robin"] }] });
        var databasePath = Path.Combine(Path.GetTempPath(), $"healthmesh-write-back-{Guid.NewGuid():N}.db");

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new CapturingLoggerProvider(logs));
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Database:ConnectionString"] = $"Data Source={databasePath}",
            ["HealthMesh:Documents:ActiveKeyId"] = "test",
            ["HealthMesh:Documents:EncryptionKeys:test"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["HealthMesh:Vault:ActiveKeyId"] = "vault-test",
            ["HealthMesh:Vault:Keys:vault-test"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["HealthMesh:Ehr:BaseUrl"] = ehr.BaseUrl.ToString(),
            ["HealthMesh:WriteBack:RetryLimit"] = "2",
            ["HealthMesh:WriteBack:WriteConditions"] = writeConditions ? "true" : "false",
            ["HealthMesh:WriteBack:RetryMinInterval"] = "00:00:00.100",
            ["HealthMesh:WriteBack:RetryMaxInterval"] = "00:00:00.500",
        });
        builder.AddServiceDefaults();
        builder.AddWriteBack();
        builder.Services.AddMassTransitTestHarness(bus => bus.AddWriteBackConsumers());

        var host = builder.Build();
        await host.StartAsync();
        return new WriteBackTestHost(host, ehr, databasePath);
    }

    /// <summary>Stores the context, the vault (sealed, as de-identification does) and the approved note; returns the command the orchestrator would send.</summary>
    /// <param name="reviewedAt">When the reviewer approved (default 2026-01-05 11:30Z); a later note about the same encounter replaces earlier ones.</param>
    public async Task<WriteBackClinicalNote> PrepareAsync(string reviewer = "Practitioner/dr-1", DateTimeOffset? reviewedAt = null)
    {
        var workflowId = Guid.NewGuid();
        var context = new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Entry =
            [
                new Bundle.EntryComponent { FullUrl = $"{Ehr.BaseUrl}/Encounter/enc-1", Resource = Ehr.All<Encounter>().Single() },
                new Bundle.EntryComponent { FullUrl = $"{Ehr.BaseUrl}/Patient/pat-1", Resource = Ehr.All<Patient>().Single() },
            ],
        };
        await Documents.PutAsync(workflowId, "context", FhirJson.SerializeToUtf8Bytes(context), DocumentSensitivity.Phi);
        var vault = new ReidentificationVaultBuilder();
        vault.Record(TestNotes.PatientSurrogate, TestNotes.PatientName, SurrogateKind.GivenName);
        await VaultWriter.StoreAsync(vault.Build(workflowId, dateShiftDays: 0), CancellationToken.None);
        var finalNote = await Documents.PutJsonAsync(workflowId, "final-r1", TestNotes.EncounterSummary(workflowId), DocumentSensitivity.Deidentified);

        return new WriteBackClinicalNote(
            workflowId, Ehr.BaseUrl.ToString(), "Encounter", "enc-1", context.Entry[0].Resource.Meta!.VersionId!, finalNote, reviewer,
            reviewedAt ?? new DateTimeOffset(2026, 1, 5, 11, 30, 0, TimeSpan.Zero));
    }

    /// <summary>Sends the command to the write-back queue and waits for its result: <c>ClinicalNoteWrittenBack</c> or the fault.</summary>
    public async System.Threading.Tasks.Task DeliverAsync(WriteBackClinicalNote command)
    {
        var before = Results(command.WorkflowId);
        var endpoint = await Harness.Bus.GetSendEndpoint(new Uri($"queue:{KnownQueues.WriteBackClinicalNote}"));
        await endpoint.Send(command);

        // The EHR client's own retries take seconds; wait for the outcome rather than for bus inactivity.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Results(command.WorkflowId) == before)
        {
            await System.Threading.Tasks.Task.Delay(50, timeout.Token);
        }
    }

    private int Results(Guid workflowId) => Harness.Published
        .Select(m => m.MessageObject is ClinicalNoteWrittenBack written && written.WorkflowId == workflowId
                     || m.MessageObject is Fault<WriteBackClinicalNote> fault && fault.Message.WorkflowId == workflowId)
        .Count();

    public IReadOnlyList<ClinicalNoteWrittenBack> WrittenBack() =>
        Harness.Published.Select<ClinicalNoteWrittenBack>().Select(m => m.Context.Message).ToList();

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await Ehr.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { databasePath, $"{databasePath}-wal", $"{databasePath}-shm" })
        {
            File.Delete(file);
        }
    }
}
