using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HealthMesh.Contracts;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Testing.PhiScanning;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace HealthMesh.Deidentification.UnitTests.Contexts;

/// <summary>
/// MassTransit logs a failing consumer's exception and copies its message into the Fault: a consumer failing on a PHI
/// record must leave neither with PHI in it, and still say what went wrong. The consumer as the service registers it,
/// on the test harness, with every log entry captured.
/// </summary>
public sealed class PhiSafeFaultTests : IAsyncLifetime
{
    private const string Canary = PhiCanaries.Family;

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"hm-deid-fault-{Guid.NewGuid():N}.db");
    private readonly PhiCapture capture = new();
    private readonly FailingStore failing = new();
    private IHost host = null!;
    private ITestHarness harness = null!;
    private IClinicalDocumentStore documents = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Database:Provider"] = "Sqlite",
            ["HealthMesh:Database:ConnectionString"] = $"Data Source={databasePath}",
            ["HealthMesh:Documents:ActiveKeyId"] = "k1",
            ["HealthMesh:Documents:EncryptionKeys:k1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["HealthMesh:Deidentification:HmacKey"] = Fixtures.HmacKey,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new CapturingLoggerProvider(capture));
        builder.AddDatabase();
        builder.AddClinicalDocuments();
        builder.Services.AddSingleton(sp => failing.Wrap(sp.GetRequiredService<SqlClinicalDocumentStore>()));
        builder.Services.AddSingleton<SqlClinicalDocumentStore>();
        builder.Services.AddSingleton<IClinicalDocumentStore>(sp => sp.GetRequiredService<FailingStore>());
        builder.AddDeidentification();
        MessagingExtensions.MapCommandEndpoints();
        builder.Services.AddMassTransitTestHarness(bus => bus.AddDeidentificationConsumers());
        builder.Services.Configure<TestHarnessOptions>(o =>
        {
            o.TestInactivityTimeout = TimeSpan.FromSeconds(3);
            o.TestTimeout = TimeSpan.FromSeconds(90);
        });
        host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        harness = host.Services.GetRequiredService<ITestHarness>();
        documents = host.Services.GetRequiredService<IClinicalDocumentStore>();
        await harness.Start();
    }

    public async Task DisposeAsync()
    {
        await harness.Stop();
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(databasePath);
    }

    [Fact]
    public async Task A_value_the_fhir_parser_rejects_faults_at_once_with_where_it_is_but_not_what_it_is()
    {
        var json = Fixtures.Read(Fixtures.EncounterContext).Replace("\"birthDate\": \"", $"\"birthDate\": \"{Canary} ", StringComparison.Ordinal);
        Assert.Contains(Canary, json);

        var fault = await FaultAsync(Encoding.UTF8.GetBytes(json));

        var message = fault.Exceptions[0].Message;
        Assert.StartsWith("The context document is not a valid FHIR R4 Bundle: ", message);
        Assert.Contains("birthDate", message);
        Assert.Single(harness.Consumed.Select<DeidentifyClinicalContext>());
        AssertNoCanary(fault);
    }

    [Fact]
    public async Task A_date_that_is_no_day_of_the_calendar_faults_at_once_with_a_reason()
    {
        var bundle = Fixtures.Read(Fixtures.EncounterContext);
        var json = System.Text.RegularExpressions.Regex.Replace(bundle, "\"start\": \"\\d{4}-\\d{2}-\\d{2}", "\"start\": \"2024-02-30", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.NotEqual(bundle, json);

        var fault = await FaultAsync(Encoding.UTF8.GetBytes(json));

        // Refused by the parser or by the date shift, depending on how strictly Firely reads dateTime: either way at once.
        Assert.Matches("^(The context document is not a valid FHIR R4 Bundle: |A dateTime element holds a value that is not a FHIR date)", fault.Exceptions[0].Message);
        Assert.Single(harness.Consumed.Select<DeidentifyClinicalContext>());
    }

    [Fact]
    public async Task An_unexpected_exception_quoting_phi_faults_with_its_type_and_origin_and_no_phi()
    {
        failing.Next = new FormatException($"The value '{Canary}' could not be read.");

        var fault = await FaultAsync(Encoding.UTF8.GetBytes(Fixtures.Read(Fixtures.EncounterContext)));

        var exception = fault.Exceptions[0];
        Assert.Equal(typeof(WithheldMessageException).FullName, exception.ExceptionType);
        Assert.Contains("System.FormatException thrown in", exception.Message);
        Assert.Contains(nameof(FailingStore), exception.StackTrace);
        AssertNoCanary(fault);
    }

    private async Task<Fault<DeidentifyClinicalContext>> FaultAsync(byte[] context)
    {
        var workflowId = Guid.NewGuid();
        var reference = await documents.PutAsync(workflowId, KnownDocumentNames.Context, context, DocumentSensitivity.Phi);

        await harness.Bus.Send(new DeidentifyClinicalContext(workflowId, reference, NoteKind.EncounterSummary));

        Assert.True(await harness.Published.Any<Fault<DeidentifyClinicalContext>>(f => f.Context.Message.Message.WorkflowId == workflowId));
        Assert.False(harness.Published.Select<ClinicalContextDeidentified>().Any());
        return harness.Published.Select<Fault<DeidentifyClinicalContext>>().Single(f => f.Context.Message.Message.WorkflowId == workflowId).Context.Message;
    }

    private void AssertNoCanary(Fault<DeidentifyClinicalContext> fault)
    {
        capture.Add("fault", JsonSerializer.Serialize(fault));
        Assert.True(capture.Count("log") > 0, "nothing was logged:\n" + capture.Describe());
        var leaks = capture.FindLeaks([Canary]);
        Assert.True(leaks.Count == 0, "PHI in the fault or the log:\n" + string.Join('\n', leaks));
    }

    /// <summary>The real store, except that reading throws <see cref="Next"/> while it is set.</summary>
    private sealed class FailingStore : IClinicalDocumentStore
    {
        private IClinicalDocumentStore inner = null!;

        public Exception? Next { get; set; }

        public FailingStore Wrap(IClinicalDocumentStore store)
        {
            inner = store;
            return this;
        }

        public Task<string> PutAsync(Guid workflowId, string name, ReadOnlyMemory<byte> content, DocumentSensitivity sensitivity, CancellationToken cancellationToken = default) =>
            inner.PutAsync(workflowId, name, content, sensitivity, cancellationToken);

        public Task<byte[]> GetAsync(string reference, CancellationToken cancellationToken = default) =>
            Next is { } next ? Throw(next) : inner.GetAsync(reference, cancellationToken);

        public Task<int> DeleteWorkflowAsync(Guid workflowId, CancellationToken cancellationToken = default) =>
            inner.DeleteWorkflowAsync(workflowId, cancellationToken);

        private static Task<byte[]> Throw(Exception exception) => throw exception;
    }
}
