using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace HealthMesh.ServiceDefaults.Persistence;

public static class PersistenceExtensions
{
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton<Database>();
        builder.Services.TryAddSingleton<DatabaseMigrator>();
        // Registered before any service's hosted services, so the schema exists before the bus starts consuming.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseMigrator>());
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>Registers a component's embedded migrations (see <see cref="SchemaMigrations"/>).</summary>
    public static IServiceCollection AddSchemaMigrations(this IServiceCollection services, string component, System.Reflection.Assembly assembly)
    {
        services.AddSingleton(new SchemaMigrations(component, assembly));
        return services;
    }
}
