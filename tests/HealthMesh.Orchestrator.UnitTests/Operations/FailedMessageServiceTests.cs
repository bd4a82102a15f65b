using HealthMesh.Contracts;
using HealthMesh.Orchestrator.Operations.FailedMessages;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.UnitTests.Support;
using HealthMesh.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace HealthMesh.Orchestrator.UnitTests.Operations;

/// <summary>Failed messages on the in-memory transport, where MassTransit keeps no browsable error queue: the journal's faults.</summary>
public sealed class FailedMessageServiceTests
{
    [Fact]
    public async Task Faulted_step_commands_are_listed_with_exception_and_workflow_and_a_retry_runs_them_again()
    {
        await using var h = await WorkflowHarness.StartAsync(WorkflowHarness.Failing<DeidentifyClinicalContext>(KnownQueues.DeidentifyClinicalContext));
        var first = WorkflowHarness.Event("enc-1");
        var second = WorkflowHarness.Event("enc-2");
        await h.Bus.Bus.Publish(first);
        await h.Bus.Bus.Publish(second);
        await h.InState(first.WorkflowId, m => m.Faulted);
        await h.InState(second.WorkflowId, m => m.Faulted);
        await h.JournaledAsync(first.WorkflowId, 1, e => e.MessageType == "Fault<DeidentifyClinicalContext>");
        await h.JournaledAsync(second.WorkflowId, 1, e => e.MessageType == "Fault<DeidentifyClinicalContext>");

        using var scope = h.Services.CreateScope();
        var failed = scope.ServiceProvider.GetRequiredService<FailedMessageService>();
        var listed = await failed.ListAsync();

        Assert.Equal(2, listed.Count);
        var one = listed.Single(f => f.WorkflowId == first.WorkflowId);
        Assert.Equal((KnownJournalSteps.Deidentify, typeof(InvalidOperationException).FullName, FailingCommandConsumer<DeidentifyClinicalContext>.Reason),
            (one.Step, one.ExceptionType, one.Reason));
        Assert.Equal((FailedMessageService.JournalQueue, "Fault<DeidentifyClinicalContext>"), (one.Queue, one.MessageType));

        var unknown = Guid.NewGuid();
        var retried = await failed.RetryAsync(new FailedMessagesRequest(MessageIds: [one.MessageId, unknown]), "ops-1");

        Assert.Equal([one.MessageId], retried.Done);
        Assert.Equal([unknown], retried.NotFound);
        Assert.True(await h.WasPublished<ClinicalNoteWorkflowFaulted>(x => x.Context.Message.WorkflowId == first.WorkflowId && x.Context.Message.Attempts == 2));
        Assert.DoesNotContain(h.Bus.Published.Select<ClinicalNoteWorkflowFaulted>(), x => x.Context.Message.WorkflowId == second.WorkflowId && x.Context.Message.Attempts == 2);

        var parked = await failed.ParkAsync(new FailedMessagesRequest(MessageType: "DeidentifyClinicalContext"), "ops-1");
        Assert.Contains(listed.Single(f => f.WorkflowId == second.WorkflowId).MessageId, parked.Done);
        await h.JournaledAsync(second.WorkflowId, 1, e => e.Outcome == KnownJournalOutcomes.Parked);
        Assert.DoesNotContain(await failed.ListAsync(), f => f.WorkflowId == second.WorkflowId);
        var parkedFault = (await failed.ListAsync(parked: true)).Single(f => f.WorkflowId == second.WorkflowId);
        Assert.Equal(FailedMessageService.JournalParkingQueue, parkedFault.Queue);
        Assert.DoesNotContain(parkedFault.MessageId, (await failed.RetryAsync(new FailedMessagesRequest(All: true), "ops-1")).Done);

        // Later, the parked one is retried on purpose: its workflow runs the step again (and, still failing, faults anew).
        var unparked = await failed.RetryAsync(new FailedMessagesRequest(MessageIds: [parkedFault.MessageId], Parked: true), "ops-1");
        Assert.Equal([parkedFault.MessageId], unparked.Done);
        Assert.True(await h.WasPublished<ClinicalNoteWorkflowFaulted>(x => x.Context.Message.WorkflowId == second.WorkflowId && x.Context.Message.Attempts == 2));
        await h.JournaledAsync(second.WorkflowId, 2, e => e.MessageType == "Fault<DeidentifyClinicalContext>");
        Assert.DoesNotContain(await failed.ListAsync(parked: true), f => f.MessageId == parkedFault.MessageId);
    }
}
