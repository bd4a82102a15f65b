using HealthMesh.Intake.Consent;
using HealthMesh.Intake.Context;
using HealthMesh.Intake.Journal;
using HealthMesh.Intake.Notifications;
using HealthMesh.Intake.Polling;
using HealthMesh.Intake.PubSub;
using HealthMesh.Intake.Subscriptions;
using HealthMesh.Intake.Triggers;
using HealthMesh.ServiceDefaults.Ehr;
using HealthMesh.ServiceDefaults.Persistence;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake;

public static class IntakeExtensions
{
    public const string MigrationsComponent = "intake";

    /// <summary>
    /// Registers notification handling, the intake journal, the EHR client Intake reads context with, and subscription
    /// health: gap tracking and the monitor that recovers missed events.
    /// </summary>
    public static IHostApplicationBuilder AddIntake(this IHostApplicationBuilder builder)
    {
        builder.AddEhrClient();
        builder.Services.AddOptions<IntakeOptions>()
            .BindConfiguration(IntakeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSchemaMigrations(MigrationsComponent, typeof(IntakeExtensions).Assembly);

        builder.Services.AddSingleton<IntakeJournal>();
        builder.Services.AddSingleton<NoteTrigger>();
        builder.Services.AddSingleton<SubscriptionAuthenticator>();
        builder.Services.AddScoped<ClinicalContextBuilder>();
        builder.Services.AddScoped<ClinicalEventIntake>();

        builder.Services.AddOptions<ConsentOptions>()
            .BindConfiguration(ConsentOptions.SectionName)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsentOptions>, ConsentOptionsValidator>());
        builder.Services.AddSingleton<ConsentPolicy>();
        builder.Services.AddScoped<PatientConsentCheck>();

        builder.Services.AddOptions<PubSubOptions>()
            .BindConfiguration(PubSubOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddOptions<RecoveryOptions>()
            .BindConfiguration(RecoveryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SubscriptionStateStore>();
        builder.Services.AddSingleton<SubscriptionTracker>();
        builder.Services.AddScoped<SubscriptionRecovery>();
        builder.Services.AddSingleton<SubscriptionMonitor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SubscriptionMonitor>());

        builder.Services.AddOptions<PollingOptions>()
            .BindConfiguration(PollingOptions.SectionName)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PollingOptions>, PollingOptionsValidator>());
        builder.Services.AddSingleton<PollingWatermarkStore>();
        builder.Services.AddSingleton<ResourcePoller>();
        builder.Services.AddHostedService<PollingWorker>();
        return builder;
    }

    /// <summary>
    /// Intake's one consumer answers the workflow's consent check before write-back: Intake already holds the EHR
    /// client and the consent policy. Gap recovery runs in a hosted monitor, not on the bus.
    /// </summary>
    public static IBusRegistrationConfigurator AddIntakeConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CheckPatientConsentConsumer, CheckPatientConsentConsumerDefinition>();
        return bus;
    }

    public static WebApplication MapIntakeApi(this WebApplication app)
    {
        app.MapNotificationsApi();
        app.MapSubscriptionsApi();
        app.MapPubSubApi();
        return app;
    }
}
