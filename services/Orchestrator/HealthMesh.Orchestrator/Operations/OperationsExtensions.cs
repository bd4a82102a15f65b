using HealthMesh.Orchestrator.Operations.FailedMessages;
using HealthMesh.Orchestrator.Operations.Journal;
using HealthMesh.Orchestrator.Operations.Replay;
using HealthMesh.Orchestrator.Operations.Status;
using HealthMesh.Orchestrator.Reviewers;
using Microsoft.AspNetCore.Builder;
using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Orchestrator.Operations;

/// <summary>What an integration team needs after an outage: the message journal, replay, failed messages and status.</summary>
public static class OperationsExtensions
{
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JournalOptions>()
            .BindConfiguration(JournalOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<FailedMessagesOptions>()
            .BindConfiguration(FailedMessagesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<MessageJournal>();
        builder.Services.TryAddScoped<ReplayService>();
        builder.Services.TryAddScoped<FailedMessageService>();
        builder.Services.TryAddSingleton<RabbitMqFailedQueues>();
        builder.Services.TryAddScoped<OperationsStatusService>();
        builder.Services.AddHostedService<JournalPurgeService>();
        builder.Services.AddHostedService<QueueDepthMonitor>();
        return builder;
    }

    public static IBusRegistrationConfigurator AddOperationsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MessageJournalConsumer, MessageJournalConsumerDefinition>();
        return bus;
    }

    /// <summary>
    /// <c>/api/replay</c>, <c>/api/failed-messages</c>, <c>/api/operations/status</c>: operator role only, as a replay or
    /// retry re-sends clinical messages and the status names workflows and fault reasons.
    /// </summary>
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var operations = app.MapGroup("").RequireAuthorization(KnownReviewerPolicies.Operate);
        operations.MapReplayApi();
        operations.MapFailedMessagesApi();
        operations.MapStatusApi();
        return app;
    }
}
