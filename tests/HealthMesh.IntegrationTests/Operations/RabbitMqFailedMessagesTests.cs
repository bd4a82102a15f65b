using System.Security.Cryptography;
using HealthMesh.Contracts;
using HealthMesh.Orchestrator;
using HealthMesh.Orchestrator.Operations.FailedMessages;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.Workflows.ClinicalNote;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;

namespace HealthMesh.IntegrationTests.Operations;

/// <summary>
/// Failed messages on a real RabbitMQ (a virtual host of its own) with the journal and saga in a real PostgreSQL
/// database: the de-identification step always fails, so its commands land in <c>deidentify-clinical-context_error</c>;
/// a command type nobody consumes on that queue lands in <c>deidentify-clinical-context_skipped</c>. A dead-letter queue
/// that is not HealthMesh's (<c>ehr-events.dead</c>) is configured as an extra queue.
/// </summary>
public sealed class RabbitMqFailedMessagesTests : IAsyncLifetime
{
    private const string Source = "https://ehr.example.org/fhir";
    private const string ExtraQueue = "ehr-events.dead";
    private const string ExtraInput = "ehr-events";
    private string database = null!;
    private string rabbitMq = null!;
    private IHost host = null!;

    public async Task InitializeAsync()
    {
        database = await TestServers.CreatePostgreSqlDatabaseAsync("hm_failed");
        rabbitMq = await TestServers.CreateRabbitMqVirtualHostAsync("hm-failed");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Transport:Kind"] = "RabbitMq",
            ["HealthMesh:Transport:RabbitMqUri"] = rabbitMq,
            ["HealthMesh:Database:Provider"] = "PostgreSql",
            ["HealthMesh:Database:ConnectionString"] = database,
            ["HealthMesh:Documents:ActiveKeyId"] = "it",
            ["HealthMesh:Documents:EncryptionKeys:it"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["HealthMesh:FailedMessages:ExtraQueues:0"] = $"{ExtraQueue}={ExtraInput}",
        });
        builder.AddDatabase();
        builder.AddClinicalDocuments();
        builder.AddOrchestrator();
        builder.AddHealthMeshBus(bus =>
        {
            bus.AddOrchestratorConsumers();
            bus.AddConsumer<AlwaysFailingDeidentification>().Endpoint(e => e.Name = KnownQueues.DeidentifyClinicalContext);
        });
        host = builder.Build();
        await host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await TestServers.DropPostgreSqlDatabaseAsync(database);
    }

    [Fact]
    public async Task Error_and_dead_letter_queues_are_listed_with_exception_and_workflow_retried_through_the_saga_and_parked()
    {
        var bus = host.Services.GetRequiredService<IBus>();
        var id = ClinicalNoteWorkflowId.From(Source, "Encounter", "enc-failed", "1");
        await bus.Publish(new ClinicalEventReceived(id, Source, "Encounter", "enc-failed", "1", null, NoteKind.EncounterSummary, $"hm-doc:{id:N}/context", DateTimeOffset.UtcNow));
        var stray = Guid.NewGuid();
        var deidQueue = await bus.GetSendEndpoint(new Uri($"queue:{KnownQueues.DeidentifyClinicalContext}"));
        await deidQueue.Send(new DraftClinicalNote(stray, "hm-doc:x/deid", NoteKind.EncounterSummary, 1));
        await WaitAsync(async () => (await StateAsync(id))?.CurrentState == "Faulted");

        var failed = await WaitListedAsync(2);
        var error = Assert.Single(failed, f => f.Queue == KnownQueues.DeidentifyClinicalContext + "_error");
        Assert.Equal((id, "DeidentifyClinicalContext", KnownJournalSteps.Deidentify, typeof(InvalidOperationException).FullName, AlwaysFailingDeidentification.Reason),
            (error.WorkflowId, error.MessageType, error.Step, error.ExceptionType, error.Reason));
        var skipped = Assert.Single(failed, f => f.Queue == KnownQueues.DeidentifyClinicalContext + "_skipped");
        Assert.Equal((stray, "DraftClinicalNote"), (skipped.WorkflowId, skipped.MessageType));

        // Listing puts every message back: a second look sees the same.
        Assert.Equal(failed.Select(f => f.MessageId).Order(), (await Service().ListAsync()).Select(f => f.MessageId).Order());

        var retried = await Service().RetryAsync(new FailedMessagesRequest(MessageIds: [error.MessageId]), "ops-it");
        Assert.Equal([error.MessageId], retried.Done);
        await WaitAsync(async () => (await StateAsync(id)) is { CurrentState: "Faulted", FaultAttempts: 2 });
        var again = await WaitListedAsync(2);
        Assert.DoesNotContain(again, f => f.MessageId == error.MessageId);
        Assert.Contains(again, f => f.WorkflowId == id && f.Queue.EndsWith("_error", StringComparison.Ordinal));

        var parked = await Service().ParkAsync(new FailedMessagesRequest(MessageType: "DraftClinicalNote"), "ops-it");
        Assert.Equal([skipped.MessageId], parked.Done);
        Assert.DoesNotContain(await Service().ListAsync(), f => f.MessageId == skipped.MessageId);
        var depths = await host.Services.GetRequiredService<RabbitMqFailedQueues>().DepthsAsync();
        Assert.Equal(1, depths.Single(d => d.Queue == KnownQueues.DeidentifyClinicalContext + "_parking").Messages);
        Assert.Equal(1, depths.Single(d => d.Queue == KnownQueues.DeidentifyClinicalContext + "_error").Messages);

        // Parked is not lost: it is listed as parked and retried to its input queue on request (where, still without a
        // consumer for its type, it is skipped again).
        Assert.Equal(skipped.MessageId, Assert.Single(await Service().ListAsync(parked: true)).MessageId);
        var unparked = await Service().RetryAsync(new FailedMessagesRequest(MessageIds: [skipped.MessageId], Parked: true), "ops-it");
        Assert.Equal([skipped.MessageId], unparked.Done);
        await WaitAsync(async () => (await Service().ListAsync()).Any(f => f.MessageId == skipped.MessageId && f.Queue.EndsWith("_skipped", StringComparison.Ordinal)));
        Assert.Empty(await Service().ListAsync(parked: true));
    }

    [Fact]
    public async Task A_configured_queue_that_is_not_HealthMeshs_is_listed_and_retried_to_its_input_queue()
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(ExtraQueue, durable: true, exclusive: false, autoDelete: false);
        var messageId = Guid.NewGuid();
        await channel.BasicPublishAsync(string.Empty, ExtraQueue, mandatory: false,
            new BasicProperties { MessageId = messageId.ToString(), Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()) },
            "{\"resourceType\":\"Bundle\"}"u8.ToArray());

        var listed = Assert.Single(await WaitListedAsync(1), f => f.Queue == ExtraQueue);
        Assert.Equal((messageId, KnownFailedQueues.ExternalStep, (Guid?)null), (listed.MessageId, listed.Step, listed.WorkflowId));

        Assert.Equal([messageId], (await Service().RetryAsync(new FailedMessagesRequest(MessageIds: [messageId]), "ops-it")).Done);
        Assert.Equal(1u, (await channel.QueueDeclarePassiveAsync(ExtraInput)).MessageCount);
        Assert.DoesNotContain(await Service().ListAsync(), f => f.Queue == ExtraQueue);
    }

    private FailedMessageService Service() => host.Services.CreateScope().ServiceProvider.GetRequiredService<FailedMessageService>();

    private Task<ClinicalNoteWorkflowState?> StateAsync(Guid id) => host.Services.GetRequiredService<IClinicalNoteWorkflowQueries>().GetAsync(id);

    private async Task<IReadOnlyList<FailedMessage>> WaitListedAsync(int count)
    {
        IReadOnlyList<FailedMessage> failed = [];
        await WaitAsync(async () => (failed = await Service().ListAsync()).Count >= count);
        return failed;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "The condition was not reached in time.");
            await Task.Delay(100);
        }
    }

    public sealed class AlwaysFailingDeidentification : IConsumer<DeidentifyClinicalContext>
    {
        public const string Reason = "de-identification unavailable";

        public Task Consume(ConsumeContext<DeidentifyClinicalContext> context) => throw new InvalidOperationException(Reason);
    }
}
