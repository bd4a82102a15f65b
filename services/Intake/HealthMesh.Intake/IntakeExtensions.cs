using HealthMesh.Intake.Context;
using HealthMesh.Intake.Journal;
using HealthMesh.Intake.Notifications;
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

    /// <summary>Registers notification handling, the intake journal and the EHR client Intake reads context with.</summary>
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
        builder.Services.AddSingleton<SubscriptionAuthenticator>();
        builder.Services.AddScoped<ClinicalContextBuilder>();
        builder.Services.AddScoped<ClinicalEventIntake>();
        return builder;
    }

    /// <summary>
    /// Intake only publishes today; it registers no consumers. Hosts call this anyway so that Intake's consumers
    /// (gap recovery, polling) join the bus without touching any host when they arrive.
    /// </summary>
    public static IBusRegistrationConfigurator AddIntakeConsumers(this IBusRegistrationConfigurator bus) => bus;

    public static WebApplication MapIntakeApi(this WebApplication app)
    {
        app.MapNotificationsApi();
        return app;
    }
}
