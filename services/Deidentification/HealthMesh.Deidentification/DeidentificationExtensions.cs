using HealthMesh.Deidentification.Contexts;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Structured;
using HealthMesh.Deidentification.Vault;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Deidentification;

public static class DeidentificationExtensions
{
    /// <summary>
    /// Options (the HMAC key and the vault key ring are required at start-up), the engine with its profile (checked at
    /// start-up), the service behind the consumer, and the vault's writer side with its maintenance pass.
    /// </summary>
    public static IHostApplicationBuilder AddDeidentification(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeidentificationOptions>()
            .BindConfiguration(DeidentificationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddDeidentificationEngine();
        builder.Services.AddHostedService<ProfileStartupCheck>();
        builder.Services.TryAddSingleton<ContextDeidentifier>();
        builder.Services.TryAddScoped<ClinicalContextDeidentificationService>();
        builder.Services.AddReidentificationVaultWriter();
        return builder;
    }

    public static IBusRegistrationConfigurator AddDeidentificationConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DeidentifyClinicalContextConsumer, DeidentifyClinicalContextConsumerDefinition>();
        bus.AddConsumer<PurgeReidentificationDataConsumer, PurgeReidentificationDataConsumerDefinition>();
        return bus;
    }
}
