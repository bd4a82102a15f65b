using System.Security.Cryptography;
using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.UnitTests.TestFiles;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Summarization.UnitTests.Drafting;

/// <summary>The consumer on MassTransit's test harness, with the real SQLite document store in a temporary file.</summary>
public sealed class DraftClinicalNoteConsumerTests : IAsyncLifetime
{
    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"hm-summ-{Guid.NewGuid():N}.db");
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
        });
        builder.AddDatabase();
        builder.AddClinicalDocuments();
        builder.AddSummarization();
        MessagingExtensions.MapCommandEndpoints();
        builder.Services.AddMassTransitTestHarness(bus => bus.AddSummarizationConsumers());
        // Time without bus activity before the harness concludes nothing more will come.
        builder.Services.Configure<TestHarnessOptions>(o => o.TestInactivityTimeout = TimeSpan.FromSeconds(3));
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
    public async Task Stores_the_draft_and_publishes_critical_priority_for_a_pneumothorax()
    {
        var workflowId = Guid.NewGuid();
        var context = await documents.PutAsync(workflowId, KnownDocumentNames.DeidentifiedContext, System.Text.Encoding.UTF8.GetBytes(Fixtures.Read(Fixtures.RadiologyContext)), DocumentSensitivity.Deidentified);

        await harness.Bus.Send(new DraftClinicalNote(workflowId, context, NoteKind.RadiologyReport, 2));

        Assert.True(await harness.Published.Any<ClinicalNoteDrafted>(m => m.Context.Message.WorkflowId == workflowId));
        var drafted = harness.Published.Select<ClinicalNoteDrafted>().Single().Context.Message;
        Assert.Equal(ReviewPriority.Critical, drafted.Priority);
        Assert.Equal(2, drafted.Revision);
        Assert.Equal(RuleBasedClinicalNoteEngine.Name, drafted.EngineName);
        Assert.EndsWith("/draft-r2", drafted.DraftReference);

        var note = await documents.GetJsonAsync<StructuredNote>(drafted.DraftReference);
        Assert.Equal(workflowId, note.WorkflowId);
        Assert.Contains("critical-finding:pneumothorax", note.Flags);
    }

    [Fact]
    public async Task A_routine_encounter_is_routine()
    {
        var workflowId = Guid.NewGuid();
        var context = await documents.PutAsync(workflowId, KnownDocumentNames.DeidentifiedContext, System.Text.Encoding.UTF8.GetBytes(Fixtures.Read(Fixtures.EncounterContext)), DocumentSensitivity.Deidentified);

        await harness.Bus.Send(new DraftClinicalNote(workflowId, context, NoteKind.EncounterSummary, 1));

        Assert.True(await harness.Published.Any<ClinicalNoteDrafted>());
        var drafted = harness.Published.Select<ClinicalNoteDrafted>().Single().Context.Message;
        Assert.Equal(ReviewPriority.Routine, drafted.Priority);
        var note = await documents.GetJsonAsync<StructuredNote>(drafted.DraftReference);
        Assert.Contains(note.Codes, c => c.Code == "I10");
    }

    [Fact]
    public async Task Drafting_the_same_command_again_rewrites_the_same_draft()
    {
        var workflowId = Guid.NewGuid();
        var context = await documents.PutAsync(workflowId, KnownDocumentNames.DeidentifiedContext, System.Text.Encoding.UTF8.GetBytes(Fixtures.Read(Fixtures.EncounterContext)), DocumentSensitivity.Deidentified);
        var command = new DraftClinicalNote(workflowId, context, NoteKind.EncounterSummary, 1);
        // A redelivered message keeps its send time, which the consumer uses as the draft's creation time.
        var sentAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var scope = host.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<HealthMesh.Summarization.Drafting.ClinicalNoteDraftingService>();

        var first = await service.DraftAsync(command, sentAt, CancellationToken.None);
        var firstBytes = await documents.GetAsync(first.DraftReference);
        var second = await service.DraftAsync(command, sentAt, CancellationToken.None);

        Assert.Equal(first, second);
        // Byte for byte the same draft, but for how long it took this time.
        Assert.Equal(WithoutTimings(firstBytes), WithoutTimings(await documents.GetAsync(second.DraftReference)));
    }

    [Fact]
    public async Task A_draft_carries_its_engine_and_stage_timings()
    {
        var workflowId = Guid.NewGuid();
        var context = await documents.PutAsync(workflowId, KnownDocumentNames.DeidentifiedContext, System.Text.Encoding.UTF8.GetBytes(Fixtures.Read(Fixtures.EncounterContext)), DocumentSensitivity.Deidentified);
        using var scope = host.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<HealthMesh.Summarization.Drafting.ClinicalNoteDraftingService>();

        var drafted = await service.DraftAsync(new DraftClinicalNote(workflowId, context, NoteKind.EncounterSummary, 1), DateTimeOffset.UnixEpoch, CancellationToken.None);
        var note = System.Text.Json.JsonSerializer.Deserialize<StructuredNote>(await documents.GetAsync(drafted.DraftReference), System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Equal(RuleBasedClinicalNoteEngine.Name, note.Engine.Name);
        Assert.StartsWith("sha256:", note.Engine.ContentHash, StringComparison.Ordinal);
        Assert.Equal(
            [KnownTimings.ReadInputs, KnownTimings.BuildSections, KnownTimings.ProposeCodes, KnownTimings.Engine, KnownTimings.Grounding],
            note.Timings!.Select(t => t.Stage));
        Assert.All(note.Timings!, t => Assert.True(t.Milliseconds >= 0));
        Assert.DoesNotContain(note.Flags, f => f.StartsWith("ungrounded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plugged_in_engine_that_paraphrases_gets_its_ungrounded_sentence_dropped_and_flagged()
    {
        var workflowId = Guid.NewGuid();
        var context = await documents.PutAsync(workflowId, KnownDocumentNames.DeidentifiedContext, System.Text.Encoding.UTF8.GetBytes(Fixtures.Read(Fixtures.RadiologyContext)), DocumentSensitivity.Deidentified);
        var service = new HealthMesh.Summarization.Drafting.ClinicalNoteDraftingService(documents, new ParaphrasingEngine(Fixtures.Engine));

        var drafted = await service.DraftAsync(new DraftClinicalNote(workflowId, context, NoteKind.RadiologyReport, 1), DateTimeOffset.UnixEpoch, CancellationToken.None);
        var note = System.Text.Json.JsonSerializer.Deserialize<StructuredNote>(await documents.GetAsync(drafted.DraftReference), System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.DoesNotContain(note.Sections.SelectMany(s => s.Sentences), s => s.Text == ParaphrasingEngine.Paraphrase);
        Assert.Contains(HealthMesh.Summarization.Grounding.NoteGrounding.UngroundedSentencesFlag + "1", note.Flags);
        // The rest of the draft, critical priority included, is untouched.
        Assert.Equal(ReviewPriority.Critical, drafted.Priority);
        Assert.Contains(note.Sections.SelectMany(s => s.Sentences), s => s.Text == "Small right apical pneumothorax.");
    }

    /// <summary>Stands in for a model engine that rewrites a sentence in its own words but cites the original span.</summary>
    private sealed class ParaphrasingEngine(IClinicalNoteEngine inner) : IClinicalNoteEngine
    {
        public const string Paraphrase = "A little air is seen at the right apex.";

        public NoteEngine Engine => new("paraphraser", "0.1", "sha256:none");

        public async Task<StructuredNote> DraftAsync(NoteDraftRequest request, CancellationToken cancellationToken)
        {
            var note = await inner.DraftAsync(request, cancellationToken);
            var impression = note.Sections.Single(s => s.Code == KnownSections.Impression);
            var extra = new NoteSentence(Paraphrase, impression.Sentences[0].Evidence);
            return note with { Sections = [.. note.Sections.Select(s => s == impression ? s with { Sentences = [.. s.Sentences, extra] } : s)] };
        }
    }

    private static string WithoutTimings(byte[] json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var name in node.Select(p => p.Key).Where(k => k.Equals("timings", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            node.Remove(name);
        }

        return node.ToJsonString();
    }

    [Fact]
    public async Task A_context_of_the_wrong_kind_faults_at_once_with_a_reason()
    {
        var workflowId = Guid.NewGuid();
        var context = await documents.PutAsync(workflowId, KnownDocumentNames.DeidentifiedContext, System.Text.Encoding.UTF8.GetBytes(Fixtures.Read(Fixtures.EncounterContext)), DocumentSensitivity.Deidentified);

        await harness.Bus.Send(new DraftClinicalNote(workflowId, context, NoteKind.RadiologyReport, 1));

        Assert.True(await harness.Published.Any<Fault<DraftClinicalNote>>());
        var fault = harness.Published.Select<Fault<DraftClinicalNote>>().Single().Context.Message;
        Assert.Contains("DiagnosticReport", fault.Exceptions[0].Message);
        Assert.Single(harness.Consumed.Select<DraftClinicalNote>());
    }
}
