using MassTransit;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.Orchestrator.Governance.Monitoring;

/// <summary>Quality per engine version, drift of incoming work and fairness across patient groups: store, consumer, metrics, page.</summary>
public static class MonitoringExtensions
{
    public static IHostApplicationBuilder AddMonitoring(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MonitoringOptions>()
            .BindConfiguration(MonitoringOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<MonitoringStore>();
        builder.Services.TryAddScoped<MonitoringService>();
        builder.Services.AddSingleton<MonitoringMetrics>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MonitoringMetrics>());
        return builder;
    }

    public static IBusRegistrationConfigurator AddMonitoringConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MonitoringConsumer, MonitoringConsumerDefinition>();
        return bus;
    }

    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app) => app.MapMonitoringPage();
}
