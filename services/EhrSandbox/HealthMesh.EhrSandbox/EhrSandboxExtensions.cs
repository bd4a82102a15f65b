using HealthMesh.EhrSandbox.Authorization;
using HealthMesh.EhrSandbox.Bundles;
using HealthMesh.EhrSandbox.Capabilities;
using HealthMesh.EhrSandbox.Persistence;
using HealthMesh.EhrSandbox.Resources;
using HealthMesh.EhrSandbox.Search;
using HealthMesh.EhrSandbox.Seeding;
using HealthMesh.EhrSandbox.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HealthMesh.EhrSandbox;

public static class EhrSandboxExtensions
{
    /// <summary>
    /// Registers the EHR sandbox: its SQLite store, FHIR interactions, seeder (and seeding at start when configured) and the
    /// subscription notification outbox worker. Map the HTTP API with <c>app.MapEhrSandboxApi("/fhir")</c>.
    /// </summary>
    public static IHostApplicationBuilder AddEhrSandbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EhrSandboxOptions>()
            .BindConfiguration(EhrSandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddOptions<SmartServerOptions>().BindConfiguration(SmartServerOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmartServerOptions>, SmartServerOptionsValidator>());
        builder.Services.AddSingleton<SmartAuthorizationServer>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SandboxDatabase>();
        builder.Services.AddSingleton<ResourceSearch>();
        builder.Services.AddSingleton<SubscriptionMatcher>();
        builder.Services.AddSingleton<ResourceStore>();
        builder.Services.AddSingleton<FhirInteractions>();
        builder.Services.AddSingleton<BundleProcessor>();
        builder.Services.AddSingleton<CapabilityStatementFactory>();
        builder.Services.AddSingleton<EhrSandboxSeeder>();
        builder.Services.AddSingleton<SubscriptionNotifier>();
        builder.Services.AddHttpClient(SubscriptionNotifier.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHostedService<SeedOnStartService>();
        builder.Services.AddHostedService<SubscriptionDeliveryWorker>();
        return builder;
    }
}
