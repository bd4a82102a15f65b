using System.Security.Cryptography;
using HealthMesh.Contracts;
using HealthMesh.Deidentification;
using HealthMesh.Orchestrator;
using HealthMesh.ServiceDefaults;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using HealthMesh.Summarization;
using HealthMesh.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthMesh.Benchmarks;

/// <param name="database"><c>Sqlite</c>, or <c>PostgreSql</c> on the test server (<c>HEALTHMESH_TEST_POSTGRESQL</c>).</param>
public sealed class BenchmarkSetup(TransportKind transport, string rabbitMqUri, string database)
{
    private const string SourceSystem = "http://benchmark.invalid/fhir";

    public async Task<Measurement> RunRawRoundTripAsync(int messages, int concurrency)
    {
        var recorder = new LatencyRecorder();
        using var host = await StartAsync(recorder, bus => bus.AddConsumer<BenchmarkPingConsumer>(), pipeline: false);
        var publisher = host.Services.GetRequiredService<IPublishEndpoint>();

        await WarmUpAsync(recorder, id => publisher.Publish(new BenchmarkPing(id)));
        recorder.Reset(messages);
        var ids = Enumerable.Range(0, messages).Select(_ => Guid.NewGuid()).ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (id, ct) =>
        {
            recorder.Start(id);
            await publisher.Publish(new BenchmarkPing(id), ct);
            await recorder.WaitForEndAsync(id, concurrency, ct);
        });
        var result = await recorder.WaitAsync(TimeSpan.FromMinutes(2));
        await host.StopAsync();
        return result;
    }

    public async Task<Measurement> RunPipelineAsync(IReadOnlyList<SampleContexts.Context> contexts, int workflows, int concurrency)
    {
        var recorder = new LatencyRecorder();
        using var host = await StartAsync(recorder, bus =>
        {
            bus.AddDeidentificationConsumers();
            bus.AddSummarizationConsumers();
            bus.AddOrchestratorConsumers();
            bus.AddConsumer<DraftObserver>();
        }, pipeline: true);
        var publisher = host.Services.GetRequiredService<IPublishEndpoint>();
        var documents = host.Services.GetRequiredService<IClinicalDocumentStore>();
        var run = Guid.NewGuid().ToString("N")[..8];

        var events = new List<ClinicalEventReceived>();
        for (var i = 0; i < workflows + 10; i++)
        {
            var context = contexts[i % contexts.Count];
            var resourceId = $"{context.ResourceId}-{run}-{i}";
            var workflowId = ClinicalNoteWorkflowId.From(SourceSystem, context.ResourceType, resourceId, "1");
            var reference = await documents.PutAsync(workflowId, "context", context.BundleJson, DocumentSensitivity.Phi);
            events.Add(new ClinicalEventReceived(workflowId, SourceSystem, context.ResourceType, resourceId, "1", DateTimeOffset.UtcNow, context.Kind, reference, DateTimeOffset.UtcNow));
        }

        await WarmUpAsync(recorder, id => publisher.Publish(events.Single(e => e.WorkflowId == id)), events.Take(10).Select(e => e.WorkflowId).ToArray());
        recorder.Reset(workflows);
        await Parallel.ForEachAsync(events.Skip(10), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (message, ct) =>
        {
            recorder.Start(message.WorkflowId);
            await publisher.Publish(message, ct);
            await recorder.WaitForEndAsync(message.WorkflowId, concurrency, ct);
        });
        var result = await recorder.WaitAsync(TimeSpan.FromMinutes(10));
        await host.StopAsync();
        return result;
    }

    private static async Task WarmUpAsync(LatencyRecorder recorder, Func<Guid, Task> publish, Guid[]? ids = null)
    {
        ids ??= Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToArray();
        recorder.Reset(ids.Length);
        foreach (var id in ids)
        {
            recorder.Start(id);
            await publish(id);
        }

        await recorder.WaitAsync(TimeSpan.FromMinutes(2));
    }

    private async Task<IHost> StartAsync(LatencyRecorder recorder, Action<IBusRegistrationConfigurator> consumers, bool pipeline)
    {
        var directory = TestConfiguration.CreateTempDirectory("benchmark");
        var builder = Host.CreateApplicationBuilder();
        var settings = TestConfiguration.ForSqlite(directory);
        settings["HealthMesh:Transport:Kind"] = transport.ToString();
        settings["HealthMesh:Transport:RabbitMqUri"] = rabbitMqUri;
        settings["HealthMesh:Deidentification:HmacKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["HealthMesh:Vault:ActiveKeyId"] = "bench";
        settings["HealthMesh:Vault:Keys:bench"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        if (database == "PostgreSql")
        {
            settings["HealthMesh:Database:Provider"] = "PostgreSql";
            settings["HealthMesh:Database:ConnectionString"] = await TestServers.CreatePostgreSqlDatabaseAsync("benchmark");
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        if (pipeline)
        {
            builder.AddDeidentification();
            builder.AddSummarization();
            builder.AddOrchestrator();
        }

        builder.Services.AddSingleton(recorder);
        builder.AddHealthMeshBus(bus =>
        {
            consumers(bus);
            // Each run starts from empty queues: leftovers of an earlier run would be measured too.
            bus.AddConfigureEndpointsCallback((_, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.PurgeOnStartup = true;
                }
            });
        });

        var app = builder.Build();
        await app.StartAsync();
        return app;
    }
}
