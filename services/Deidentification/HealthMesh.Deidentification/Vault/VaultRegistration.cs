using HealthMesh.ServiceDefaults.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.Vault;

/// <summary>
/// The vault's pieces. The writer and the purger are public registrations; the reader's is internal, reachable only
/// from write-back (InternalsVisibleTo), so no other service can register or construct it.
/// </summary>
public static class VaultRegistration
{
    public const string MigrationComponent = "vault";

    /// <summary>Key ring (required at start-up), table, purger. Every service that touches the vault calls this.</summary>
    public static IServiceCollection AddReidentificationVaultStore(this IServiceCollection services)
    {
        services.AddOptions<VaultOptions>()
            .BindConfiguration(VaultOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VaultOptions>, VaultOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<VaultEncryption>();
        services.TryAddSingleton<ReidentificationVaultStore>();
        services.TryAddSingleton(sp => new ReidentificationVaultPurger(
            sp.GetRequiredService<ReidentificationVaultStore>(), sp.GetRequiredService<ILogger<ReidentificationVaultPurger>>()));
        if (!services.Any(d => d.ServiceType == typeof(SchemaMigrations) && d.ImplementationInstance is SchemaMigrations { Component: MigrationComponent }))
        {
            services.AddSchemaMigrations(MigrationComponent, typeof(VaultRegistration).Assembly);
        }

        return services;
    }

    /// <summary>De-identification's side: seal and store, and the maintenance pass (retention purge, re-encryption).</summary>
    public static IServiceCollection AddReidentificationVaultWriter(this IServiceCollection services)
    {
        services.AddReidentificationVaultStore();
        services.TryAddSingleton<IReidentificationVaultWriter, ReidentificationVaultWriter>();
        services.TryAddSingleton<VaultRewrapper>();
        services.AddHostedService<VaultMaintenanceService>();
        return services;
    }

    /// <summary>Write-back's side only.</summary>
    internal static IServiceCollection AddReidentificationVaultReader(this IServiceCollection services)
    {
        services.AddReidentificationVaultStore();
        services.TryAddSingleton<IReidentificationVaultReader, ReidentificationVaultReader>();
        return services;
    }
}
