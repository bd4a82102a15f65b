using System.Security.Cryptography;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Orchestrator.UnitTests.Support;

/// <summary>
/// One MassTransit test harness per scenario: the real saga, definition and SQL repository on a fresh SQLite file,
/// the in-memory bus, and a clock the test controls. Downstream services are absent (their commands are only
/// observed) unless a step is told to fail; the consent check before write-back is answered by
/// <see cref="ConsentResponder"/> (permitted unless <see cref="Consent"/> says otherwise).
/// </summary>
public sealed class WorkflowHarness : IAsyncDisposable
{
    public const string Source = "https://ehr.example.org/fhir";

    private readonly string directory;
    private readonly IHost host;

    private WorkflowHarness(string directory, IHost host, ManualClock clock)
    {
        this.directory = directory;
        this.host = host;
        Clock = clock;
    }

    public ManualClock Clock { get; }

    public ConsentAnswer Consent => host.Services.GetRequiredService<ConsentAnswer>();

    public IServiceProvider Services => host.Services;

    public ITestHarness Bus => host.Services.GetRequiredService<ITestHarness>();

    public ISagaStateMachineTestHarness<ClinicalNoteWorkflow, ClinicalNoteWorkflowState> Saga =>
        Bus.GetSagaStateMachineHarness<ClinicalNoteWorkflow, ClinicalNoteWorkflowState>();

    public ClinicalNoteWorkflow Machine => Saga.StateMachine;

    public IClinicalNoteWorkflowQueries Queries => host.Services.GetRequiredService<IClinicalNoteWorkflowQueries>();

    public IClinicalDocumentStore Documents => host.Services.GetRequiredService<IClinicalDocumentStore>();

    /// <param name="answerConsent">False to leave the consent check to <paramref name="downstream"/> (a failing one, say).</param>
    public static async Task<WorkflowHarness> StartAsync(Action<IBusRegistrationConfigurator>? downstream = null, bool answerConsent = true)
    {
        var directory = Path.Combine(Path.GetTempPath(), "hm-orch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Database:Provider"] = "Sqlite",
            ["HealthMesh:Database:ConnectionString"] = $"Data Source={Path.Combine(directory, "orchestrator.db")}",
            ["HealthMesh:Documents:ActiveKeyId"] = "test",
            ["HealthMesh:Documents:EncryptionKeys:test"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["HealthMesh:Review:Deadline"] = "1.00:00:00",
            ["HealthMesh:Review:CriticalDeadline"] = "01:00:00",
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton<ConsentAnswer>();
        builder.AddDatabase();
        builder.AddClinicalDocuments();
        builder.AddOrchestrator();

        MessagingExtensions.MapCommandEndpoints();
        builder.Services.AddMassTransitTestHarness(bus =>
        {
            // Messages leave the saga's outbox only after its row is saved; on a busy two-core machine that can be
            // later than the default inactivity window, after which the harness stops waiting for them.
            bus.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(30), testInactivityTimeout: TimeSpan.FromSeconds(5));
            bus.AddOrchestratorConsumers();
            if (answerConsent)
            {
                bus.AddConsumer<ConsentResponder>().Endpoint(e => e.Name = KnownQueues.CheckPatientConsent);
            }

            downstream?.Invoke(bus);
        });

        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await host.Services.GetRequiredService<ITestHarness>().Start();
        return new WorkflowHarness(directory, host, clock);
    }

    /// <summary>Registers a consumer on a command's queue that always throws.</summary>
    public static Action<IBusRegistrationConfigurator> Failing<T>(string queue)
        where T : class =>
        bus => bus.AddConsumer<FailingCommandConsumer<T>>().Endpoint(e => e.Name = queue);

    public static ClinicalEventReceived Event(string resourceId = "enc-1", string version = "1", DateTimeOffset? lastUpdated = null)
    {
        var id = ClinicalNoteWorkflowId.From(Source, "Encounter", resourceId, version);
        return new ClinicalEventReceived(id, Source, "Encounter", resourceId, version, lastUpdated, NoteKind.EncounterSummary,
            $"hm-doc:{id:N}/context", DateTimeOffset.UtcNow);
    }

    public ReviewService CreateReviewService(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<ReviewService>();

    public async Task<ClinicalNoteWorkflowState> StateAsync(Guid workflowId) =>
        await Queries.GetAsync(workflowId) ?? throw new InvalidOperationException($"No saga row for {workflowId}.");

    /// <summary>
    /// Waits until the saga row is in <paramref name="state"/>; fails the test with the actual state otherwise. Reads
    /// the SQL repository itself: the harness's <c>Exists</c> needs expression queries, which this repository refuses.
    /// </summary>
    public async Task InState(Guid workflowId, Func<ClinicalNoteWorkflow, State> state)
    {
        var expected = state(Machine).Name;
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var actual = await Queries.GetAsync(workflowId);
            if (actual?.CurrentState == expected)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"Workflow {workflowId} did not reach {expected}; it is {actual?.CurrentState ?? "missing"}.");
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// Waits up to 10 s for a matching published message. The harness's own <c>Published.Any</c> stops waiting once the
    /// bus looks idle, which can be just before the saga's outbox delivers what it published after saving its row.
    /// </summary>
    public async Task<bool> WasPublished<T>(Func<IPublishedMessage<T>, bool> predicate)
        where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!Bus.Published.Select<T>().Any(predicate))
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(25);
        }

        return true;
    }

    /// <summary>
    /// Waits up to 10 s for exactly one sent <typeparamref name="T"/> and returns it: the saga row can be read in its new
    /// state a moment before the outbox has sent the command that goes with it.
    /// </summary>
    public async Task<T> SentSingleAsync<T>()
        where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!Bus.Sent.Select<T>().Any())
        {
            Assert.True(DateTime.UtcNow < until, $"No {typeof(T).Name} was sent.");
            await Task.Delay(25);
        }

        return Bus.Sent.Select<T>().Single().Context.Message;
    }

    /// <summary>Waits until the saga has consumed <paramref name="count"/> messages of type <typeparamref name="T"/>.</summary>
    public async Task SagaConsumed<T>(int count)
        where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (Saga.Consumed.Select<T>().Count() < count)
        {
            Assert.True(DateTime.UtcNow < until, $"The saga consumed {Saga.Consumed.Select<T>().Count()} {typeof(T).Name}, expected {count}.");
            await Task.Delay(25);
        }
    }

    /// <summary>Runs a workflow to AwaitingReview with a stored draft for <paramref name="revision"/>.</summary>
    public async Task<ClinicalEventReceived> ToAwaitingReviewAsync(ReviewPriority priority = ReviewPriority.Routine, string resourceId = "enc-1")
    {
        var received = Event(resourceId);
        await Bus.Bus.Publish(received);
        await InState(received.WorkflowId, m => m.Deidentifying);
        await Bus.Bus.Publish(new ClinicalContextDeidentified(received.WorkflowId, $"hm-doc:{received.WorkflowId:N}/context-deid", 3));
        await InState(received.WorkflowId, m => m.Drafting);
        await DraftAsync(received.WorkflowId, 1, priority);
        await InState(received.WorkflowId, m => m.AwaitingReview);
        return received;
    }

    /// <summary>Runs a workflow to Completed: approved revision 1, written back as <c>DocumentReference/d-{resourceId}</c>.</summary>
    public async Task<ClinicalEventReceived> ToCompletedAsync(string resourceId = "enc-1")
    {
        var received = await ToAwaitingReviewAsync(resourceId: resourceId);
        var id = received.WorkflowId;
        await Bus.Bus.Publish(new ClinicalNoteReviewed(id, ReviewDecision.Approved, "Practitioner/p1", $"hm-doc:{id:N}/final-r1", null, 1, Clock.GetUtcNow()));
        await InState(id, m => m.WritingBack);
        await Bus.Bus.Publish(new ClinicalNoteWrittenBack(id, $"DocumentReference/d-{resourceId}", $"Composition/c-{resourceId}", $"Provenance/p-{resourceId}", false));
        await InState(id, m => m.Completed);
        return received;
    }

    /// <summary>Waits until the journal holds at least <paramref name="count"/> entries of a workflow matching <paramref name="predicate"/>.</summary>
    public async Task<IReadOnlyList<JournalEntry>> JournaledAsync(Guid workflowId, int count, Func<JournalEntry, bool>? predicate = null)
    {
        var journal = Services.GetRequiredService<MessageJournal>();
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var entries = (await journal.QueryAsync(new JournalQuery(WorkflowIds: [workflowId]))).Where(predicate ?? (_ => true)).ToList();
            if (entries.Count >= count)
            {
                return entries;
            }

            Assert.True(DateTime.UtcNow < until, $"The journal holds {entries.Count} matching entries of {workflowId}, expected {count}: {string.Join(", ", entries.Select(e => e.MessageType))}.");
            await Task.Delay(25);
        }
    }

    public async Task DraftAsync(Guid workflowId, int revision, ReviewPriority priority = ReviewPriority.Routine)
    {
        var reference = await Documents.PutJsonAsync(workflowId, $"draft-r{revision}", Note(workflowId, revision), DocumentSensitivity.Deidentified);
        await Bus.Bus.Publish(new ClinicalNoteDrafted(workflowId, reference, revision, priority, "rules", "1.0.0"));
    }

    public static StructuredNote Note(Guid workflowId, int revision) => new(
        workflowId,
        revision,
        NoteKind.EncounterSummary,
        "Progress note",
        [
            new NoteSection("subjective", "Subjective", [new NoteSentence("Patient reports a cough for [DURATION-1].", [new Evidence("DocumentReference/n1", 0, 42)])]),
            new NoteSection("assessment", "Assessment", [new NoteSentence("Acute bronchitis.", [new Evidence("Condition/c1", 0, 17)])]),
        ],
        [new ProposedCode("http://hl7.org/fhir/sid/icd-10-cm", "J20.9", "Acute bronchitis, unspecified", 0.92, "condition-resource", [new Evidence("Condition/c1", 0, 17)])],
        [],
        [new NoteSource("DocumentReference/n1", "Clinical note", "Patient reports a cough for [DURATION-1]."), new NoteSource("Condition/c1", "Condition", "Acute bronchitis")],
        new NoteEngine("rules", "1.0.0", "sha256:00"),
        new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    public async ValueTask DisposeAsync()
    {
        await Bus.Stop();
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow CI disk is left for the OS temp cleaner; the next run uses a new folder.
        }
    }
}
