using HealthMesh.Contracts;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    private static int commandsMapped;

    /// <summary>
    /// The one place a host creates its bus. Consumers and sagas are added by each service's
    /// <c>Add…Consumers</c> method through <paramref name="registerConsumers"/>; the transport comes from configuration.
    /// </summary>
    public static IHostApplicationBuilder AddHealthMeshBus(
        this IHostApplicationBuilder builder,
        Action<IBusRegistrationConfigurator> registerConsumers)
    {
        var options = builder.Configuration.GetSection(TransportOptions.SectionName).Get<TransportOptions>() ?? new TransportOptions();
        Validate(options);
        builder.Services.AddOptions<TransportOptions>()
            .BindConfiguration(TransportOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        MapCommandEndpoints();

        // A host is started only once its queues are bound: a message published earlier (Intake accepting a
        // notification, say) would reach an exchange with no queue yet and be lost.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromMinutes(1);
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            registerConsumers(bus);

            switch (options.Kind)
            {
                case TransportKind.InMemory:
                    bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                    break;
                case TransportKind.RabbitMq:
                    bus.UsingRabbitMq((context, cfg) =>
                    {
                        cfg.Host(new Uri(options.RabbitMqUri!));
                        if (options.PrefetchCount is { } prefetch)
                        {
                            cfg.PrefetchCount = prefetch;
                        }

                        cfg.ConfigureEndpoints(context);
                    });
                    break;
            }
        });

        return builder;
    }

    /// <summary>Commands are sent to fixed queues so any service can send them without knowing who consumes them.</summary>
    public static void MapCommandEndpoints()
    {
        if (Interlocked.Exchange(ref commandsMapped, 1) == 1)
        {
            return;
        }

        EndpointConvention.Map<DeidentifyClinicalContext>(new Uri($"queue:{KnownQueues.DeidentifyClinicalContext}"));
        EndpointConvention.Map<DraftClinicalNote>(new Uri($"queue:{KnownQueues.DraftClinicalNote}"));
        EndpointConvention.Map<WriteBackClinicalNote>(new Uri($"queue:{KnownQueues.WriteBackClinicalNote}"));
        EndpointConvention.Map<CheckPatientConsent>(new Uri($"queue:{KnownQueues.CheckPatientConsent}"));
        EndpointConvention.Map<PurgeReidentificationData>(new Uri($"queue:{KnownQueues.PurgeReidentificationData}"));
    }

    private static void Validate(TransportOptions options)
    {
        foreach (var (queue, endpoint) in options.Endpoints)
        {
            if (!KnownQueues.WorkflowQueues.Contains(queue, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"HealthMesh:Transport:Endpoints:{queue} names no HealthMesh queue; limits can be set for {string.Join(", ", KnownQueues.WorkflowQueues)}.");
            }

            if (endpoint.ConcurrentMessageLimit is < 1 or > 1_000 || endpoint.PrefetchCount is < 1 or > 10_000)
            {
                throw new InvalidOperationException(
                    $"HealthMesh:Transport:Endpoints:{queue}: ConcurrentMessageLimit must be 1–1000 and PrefetchCount 1–10000.");
            }
        }

        switch (options.Kind)
        {
            case TransportKind.AzureServiceBus:
                throw new InvalidOperationException(
                    "HealthMesh:Transport:Kind is 'AzureServiceBus', but this build has no Azure Service Bus transport: " +
                    "its client packages (MassTransit.Azure.ServiceBus.Core, Azure.Messaging.ServiceBus) are not served by the " +
                    "package registry HealthMesh is built against. Use 'RabbitMq' or 'InMemory'.");
            case TransportKind.RabbitMq when !Uri.TryCreate(options.RabbitMqUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps" or "rabbitmq" or "rabbitmqs"):
                throw new InvalidOperationException(
                    "HealthMesh:Transport:Kind is 'RabbitMq' but HealthMesh:Transport:RabbitMqUri is missing or not an amqp:// address " +
                    "(example: amqp://guest:guest@localhost:5672/).");
        }
    }
}
