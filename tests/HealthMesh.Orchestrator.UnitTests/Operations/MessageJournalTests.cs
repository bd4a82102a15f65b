using System.Text;
using System.Text.Json;
using Dapper;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Operations;

public sealed class MessageJournalTests
{
    [Fact]
    public async Task Every_step_event_is_journaled_with_workflow_source_step_and_outcome()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var id = (await h.ToCompletedAsync()).WorkflowId;

        var entries = await h.JournaledAsync(id, 6);

        Assert.Equal(
            ["ClinicalContextDeidentified", "ClinicalEventReceived", "ClinicalNoteDrafted", "ClinicalNoteReviewed", "ClinicalNoteWorkflowCompleted", "ClinicalNoteWrittenBack"],
            entries.Select(e => e.MessageType).Order(StringComparer.Ordinal));
        var received = entries.Single(e => e.MessageType == nameof(ClinicalEventReceived));
        Assert.Equal((KnownJournalSteps.Intake, KnownJournalOutcomes.Succeeded, WorkflowHarness.Source, "Encounter"), (received.Step, received.Outcome, received.SourceSystem, received.ResourceType));
        Assert.Equal(KnownJournalOutcomes.Approved, entries.Single(e => e.MessageType == nameof(ClinicalNoteReviewed)).Outcome);
        Assert.Equal(KnownJournalSteps.WriteBack, entries.Single(e => e.MessageType == nameof(ClinicalNoteWrittenBack)).Step);
        Assert.All(entries, e => Assert.Null(e.ReplayOf));
    }

    [Fact]
    public async Task A_redelivered_message_is_journaled_once()
    {
        // The in-memory test harness lists consumed messages by message id, so the redelivery is played against the
        // journal itself, as the consumer calls it for each delivery.
        await using var h = await WorkflowHarness.StartAsync();
        var received = WorkflowHarness.Event();
        var journal = h.Services.GetRequiredService<MessageJournal>();
        var entry = new JournalEntry(NewId.NextGuid(), received.WorkflowId, nameof(ClinicalEventReceived), KnownJournalSteps.Intake,
            KnownJournalOutcomes.Succeeded, received.SourceSystem, received.ResourceType, null, DateTimeOffset.UtcNow, h.Clock.GetUtcNow(), null, null);

        Assert.True(await journal.RecordAsync(entry, received));
        Assert.False(await journal.RecordAsync(entry with { RecordedAt = h.Clock.GetUtcNow().AddMinutes(1) }, received));

        var stored = Assert.Single(await journal.QueryAsync(new JournalQuery(WorkflowIds: [received.WorkflowId])));
        Assert.Equal(entry, stored);
    }

    [Fact]
    public async Task Step_faults_are_journaled_with_the_exception_type_and_the_body_is_encrypted_at_rest()
    {
        await using var h = await WorkflowHarness.StartAsync(WorkflowHarness.Failing<DeidentifyClinicalContext>(KnownQueues.DeidentifyClinicalContext));
        var received = WorkflowHarness.Event();
        await h.Bus.Bus.Publish(received);

        var fault = Assert.Single(await h.JournaledAsync(received.WorkflowId, 1, e => e.Outcome == KnownJournalOutcomes.Faulted && e.Step == KnownJournalSteps.Deidentify && e.MessageType.StartsWith("Fault<", StringComparison.Ordinal)));
        Assert.Equal("Fault<DeidentifyClinicalContext>", fault.MessageType);
        Assert.Equal(typeof(InvalidOperationException).FullName, fault.ExceptionType);
        // The received event's source is copied onto later entries of the workflow once it is journaled.
        var receivedEntry = Assert.Single(await h.JournaledAsync(received.WorkflowId, 1, e => e.MessageType == nameof(ClinicalEventReceived)));

        var database = h.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        var rows = (await connection.QueryAsync<byte[]>("SELECT body FROM message_journal WHERE workflow_id = @Id", new { Id = received.WorkflowId.ToString() })).ToList();
        Assert.NotEmpty(rows);
        foreach (var body in rows)
        {
            var text = Encoding.UTF8.GetString(body);
            Assert.DoesNotContain(received.WorkflowId.ToString(), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(FailingCommandConsumer<DeidentifyClinicalContext>.Reason, text, StringComparison.Ordinal);
        }

        var journal = h.Services.GetRequiredService<MessageJournal>();
        Assert.Equal(received, await journal.ReadBodyAsync<ClinicalEventReceived>(receivedEntry.MessageId));
        var faultBody = await journal.ReadBodyAsync<JsonElement>(fault.MessageId);
        Assert.Equal(received.WorkflowId, faultBody.GetProperty("message").GetProperty("workflowId").GetGuid());
        Assert.Equal(FailingCommandConsumer<DeidentifyClinicalContext>.Reason, faultBody.GetProperty("exceptions")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Entries_past_the_retention_are_purged_and_newer_ones_kept()
    {
        await using var h = await WorkflowHarness.StartAsync();
        var old = WorkflowHarness.Event("enc-old");
        await h.Bus.Bus.Publish(old);
        await h.JournaledAsync(old.WorkflowId, 1);

        h.Clock.Advance(TimeSpan.FromDays(31));
        var recent = WorkflowHarness.Event("enc-new");
        await h.Bus.Bus.Publish(recent);
        await h.JournaledAsync(recent.WorkflowId, 1);

        var journal = h.Services.GetRequiredService<MessageJournal>();
        Assert.True(await journal.PurgeAsync(TimeSpan.FromDays(30)) >= 1);

        Assert.Empty(await journal.QueryAsync(new JournalQuery(WorkflowIds: [old.WorkflowId])));
        Assert.NotEmpty(await journal.QueryAsync(new JournalQuery(WorkflowIds: [recent.WorkflowId])));
    }
}
