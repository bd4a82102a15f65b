using Dapper;
using HealthMesh.Contracts;
using HealthMesh.IntegrationTests.Orchestrator.Counting;
using HealthMesh.Orchestrator;
using HealthMesh.Orchestrator.Persistence.Sagas;
using HealthMesh.Orchestrator.Review;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HealthMesh.IntegrationTests.Orchestrator;

/// <summary>The SQL saga repository against a real database; run once per provider by the derived classes.</summary>
public abstract class SqlSagaRepositoryTests(TestDatabase database)
{
    private const string Source = "https://ehr.example.org/fhir";

    [Fact]
    public async Task State_survives_a_new_repository_instance()
    {
        var id = Guid.NewGuid();
        await using (var first = await OpenAsync())
        {
            var store = Store(first);
            var state = new ClinicalNoteWorkflowState
            {
                CorrelationId = id,
                CurrentState = "AwaitingReview",
                ResourceKey = ClinicalNoteWorkflow.ResourceKeyOf(Source, "DiagnosticReport", "dr-" + id.ToString("N")),
                ResourceVersion = "3",
                DraftRevision = 2,
                Priority = ReviewPriority.Critical,
                ReviewDueAt = DateTimeOffset.Parse("2026-03-02T09:00:00Z"),
                Attempts = { [KnownWorkflowSteps.Draft] = 2 },
            };
            await store.InsertAsync(state);
            state.Escalated = true;
            await store.UpdateAsync(state);
        }

        await using var second = await OpenAsync();
        var loaded = await Store(second).LoadAsync(id);

        Assert.NotNull(loaded);
        Assert.Equal(2, loaded.Version);
        Assert.Equal("AwaitingReview", loaded.CurrentState);
        Assert.Equal(ReviewPriority.Critical, loaded.Priority);
        Assert.True(loaded.Escalated);
        Assert.Equal(2, loaded.Attempts[KnownWorkflowSteps.Draft]);
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T09:00:00Z"), loaded.ReviewDueAt);
        var queries = new ClinicalNoteWorkflowQueries(second, new ClinicalNoteWorkflowStateMap());
        Assert.Contains(await queries.GetActiveForResourceAsync(loaded.ResourceKey), w => w.CorrelationId == id);
        Assert.DoesNotContain(await queries.GetOverdueAsync(DateTimeOffset.Parse("2026-03-02T10:00:00Z"), 100), w => w.CorrelationId == id);
    }

    [Fact]
    public async Task Stale_update_and_duplicate_insert_raise_concurrency_exceptions()
    {
        await using var db = await OpenAsync();
        var store = Store(db);
        var id = Guid.NewGuid();
        await store.InsertAsync(new ClinicalNoteWorkflowState { CorrelationId = id, CurrentState = "Deidentifying", ResourceKey = "k" });

        var a = (await store.LoadAsync(id))!;
        var b = (await store.LoadAsync(id))!;
        a.CurrentState = "Drafting";
        await store.UpdateAsync(a);
        b.CurrentState = "Faulted";

        await Assert.ThrowsAsync<ConcurrencyException>(() => store.UpdateAsync(b));
        await Assert.ThrowsAsync<ConcurrencyException>(() => store.InsertAsync(new ClinicalNoteWorkflowState { CorrelationId = id, CurrentState = "Deidentifying", ResourceKey = "k" }));
        Assert.Equal("Drafting", (await store.LoadAsync(id))!.CurrentState);
    }

    [Fact]
    public async Task Two_instances_racing_on_one_saga_lose_no_update()
    {
        const int PerInstance = 25;
        await using (var db = await OpenAsync())
        await using (var connection = await db.OpenAsync())
        {
            await connection.ExecuteAsync(CounterStateMap.CreateTable);
        }

        static void Counter(IBusRegistrationConfigurator bus) =>
            bus.AddSagaStateMachine<CounterStateMachine, CounterState, CounterStateDefinition>().SqlRepository<CounterState, CounterStateMap>();
        await using var one = await OrchestratorTestHost.StartAsync(database, Counter, orchestrator: false);
        await using var two = await OrchestratorTestHost.StartAsync(database, Counter, orchestrator: false);
        var id = Guid.NewGuid();
        var store = one.Services.GetRequiredService<SqlSagaStore<CounterState>>();

        await one.Harness.Bus.Publish(new StartCounting(id));
        await Until(async () => await store.LoadAsync(id) is not null);
        await Task.WhenAll(
            Task.WhenAll(Enumerable.Range(0, PerInstance).Select(i => one.Harness.Bus.Publish(new IncrementCounter(id, $"one-{i}")))),
            Task.WhenAll(Enumerable.Range(0, PerInstance).Select(i => two.Harness.Bus.Publish(new IncrementCounter(id, $"two-{i}")))));

        await Until(async () => (await store.LoadAsync(id))!.Count >= 2 * PerInstance);
        var counter = (await store.LoadAsync(id))!;
        Assert.Equal(2 * PerInstance, counter.Count);
        Assert.Equal(2 * PerInstance, counter.Seen.Distinct().Count());
        Assert.Equal(2 * PerInstance + 1, counter.Version);
    }

    [Fact]
    public async Task Workflow_runs_end_to_end_and_a_restarted_instance_ignores_the_replay()
    {
        var received = Event("enc-" + Guid.NewGuid().ToString("N"));
        var id = received.WorkflowId;
        await using (var first = await OrchestratorTestHost.StartAsync(database, bus => bus.AddOrchestratorConsumers()))
        {
            var bus = first.Harness.Bus;
            var queries = first.Services.GetRequiredService<IClinicalNoteWorkflowQueries>();
            await bus.Publish(received);
            await InState(queries, id, "Deidentifying");
            await bus.Publish(new ClinicalContextDeidentified(id, $"hm-doc:{id:N}/context-deid", 4));
            await InState(queries, id, "Drafting");
            var documents = first.Services.GetRequiredService<IClinicalDocumentStore>();
            var draft = await documents.PutJsonAsync(id, "draft-r1", Note(id), DocumentSensitivity.Deidentified);
            await bus.Publish(new ClinicalNoteDrafted(id, draft, 1, ReviewPriority.Routine, "rules", "1.0.0"));
            await InState(queries, id, "AwaitingReview");

            using (var scope = first.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<ReviewService>().ApproveAsync(id, "Practitioner/p1", new ApproveReviewRequest(1));
            }

            // Intake, which answers the consent check before write-back, is not in this host: the test answers for it.
            await InState(queries, id, "ConfirmingConsent");
            await bus.Publish(new PatientConsentChecked(id, true, "No Consent in force is about AI-assisted documentation (0 read); the policy's default is permit.", DateTimeOffset.UtcNow));
            await InState(queries, id, "WritingBack");
            await bus.Publish(new ClinicalNoteWrittenBack(id, "DocumentReference/d1", "Composition/c1", "Provenance/p1", false));
            await InState(queries, id, "Completed");
            Assert.True(await first.Harness.Published.Any<ClinicalNoteWorkflowCompleted>(x => x.Context.Message.WorkflowId == id));
        }

        await using var restarted = await OrchestratorTestHost.StartAsync(database, bus => bus.AddOrchestratorConsumers());
        await restarted.Harness.Bus.Publish(received);
        Assert.True(await restarted.Harness.Consumed.Any<ClinicalEventReceived>(x => x.Context.Message.WorkflowId == id));

        var client = restarted.Harness.GetRequestClient<GetClinicalNoteWorkflowStatus>();
        var status = await client.GetResponse<ClinicalNoteWorkflowStatus>(new GetClinicalNoteWorkflowStatus(id));
        Assert.Equal("Completed", status.Message.State);
        Assert.Equal("DocumentReference/d1", status.Message.DocumentReference);
        Assert.Empty(restarted.Harness.Sent.Select<DeidentifyClinicalContext>());
    }

    [Fact]
    public async Task Consent_withdrawn_before_write_back_purges_writes_nothing_and_its_reason_survives_a_restart()
    {
        const string reason = "Consent/withdrawn-1 (policy http://healthmesh.example/fhir/ConsentPolicy/ai-assisted-documentation, recorded 2026-03-02) denies AI-assisted documentation.";
        var received = Event("enc-" + Guid.NewGuid().ToString("N"));
        var id = received.WorkflowId;
        await using (var first = await OrchestratorTestHost.StartAsync(database, bus => bus.AddOrchestratorConsumers()))
        {
            var bus = first.Harness.Bus;
            var queries = first.Services.GetRequiredService<IClinicalNoteWorkflowQueries>();
            await bus.Publish(received);
            await InState(queries, id, "Deidentifying");
            await bus.Publish(new ClinicalContextDeidentified(id, $"hm-doc:{id:N}/context-deid", 4));
            await InState(queries, id, "Drafting");
            var documents = first.Services.GetRequiredService<IClinicalDocumentStore>();
            await bus.Publish(new ClinicalNoteDrafted(id, await documents.PutJsonAsync(id, "draft-r1", Note(id), DocumentSensitivity.Deidentified), 1, ReviewPriority.Routine, "rules", "1.0.0"));
            await InState(queries, id, "AwaitingReview");
            using (var scope = first.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<ReviewService>().ApproveAsync(id, "Practitioner/p1", new ApproveReviewRequest(1));
            }

            await InState(queries, id, "ConfirmingConsent");
            await bus.Publish(new PatientConsentChecked(id, false, reason, DateTimeOffset.UtcNow));
            await InState(queries, id, "ConsentWithdrawn");
            Assert.True(await first.Harness.Sent.Any<PurgeReidentificationData>(x => x.Context.Message.WorkflowId == id));
            Assert.False(await first.Harness.Sent.Any<WriteBackClinicalNote>());
        }

        await using var restarted = await OrchestratorTestHost.StartAsync(database, bus => bus.AddOrchestratorConsumers());
        var status = await restarted.Harness.GetRequestClient<GetClinicalNoteWorkflowStatus>().GetResponse<ClinicalNoteWorkflowStatus>(new GetClinicalNoteWorkflowStatus(id));
        Assert.Equal("ConsentWithdrawn", status.Message.State);
        Assert.Equal(reason, status.Message.ConsentReason);
        Assert.Null(status.Message.DocumentReference);
    }

    private async Task<Database> OpenAsync()
    {
        var db = new Database(Options.Create(new DatabaseOptions { Provider = database.Provider, ConnectionString = database.ConnectionString }));
        await new DatabaseMigrator(db, [new SchemaMigrations(OrchestratorExtensions.SchemaComponent, typeof(OrchestratorExtensions).Assembly)], NullLogger<DatabaseMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);
        return db;
    }

    private static SqlSagaStore<ClinicalNoteWorkflowState> Store(Database db) => new(db, new ClinicalNoteWorkflowStateMap(), TimeProvider.System);

    private static ClinicalEventReceived Event(string resourceId)
    {
        var id = ClinicalNoteWorkflowId.From(Source, "Encounter", resourceId, "1");
        return new ClinicalEventReceived(id, Source, "Encounter", resourceId, "1", null, NoteKind.EncounterSummary, $"hm-doc:{id:N}/context", DateTimeOffset.UtcNow);
    }

    private static StructuredNote Note(Guid id) => new(
        id, 1, NoteKind.EncounterSummary, "Progress note",
        [new NoteSection("assessment", "Assessment", [new NoteSentence("Acute bronchitis.", [new Evidence("Condition/c1", 0, 17)])])],
        [], [], [new NoteSource("Condition/c1", "Condition", "Acute bronchitis")], new NoteEngine("rules", "1.0.0", "sha256:00"), DateTimeOffset.UtcNow);

    private static Task InState(IClinicalNoteWorkflowQueries queries, Guid id, string state) =>
        Until(async () => (await queries.GetAsync(id))?.CurrentState == state, $"workflow {id} to reach {state}");

    private static async Task Until(Func<Task<bool>> condition, string what = "the condition")
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting for {what}.");
            await Task.Delay(25);
        }
    }
}
