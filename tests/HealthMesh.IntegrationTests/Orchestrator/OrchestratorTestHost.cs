using System.Security.Cryptography;
using HealthMesh.Orchestrator;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Messaging;
using HealthMesh.ServiceDefaults.Persistence;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HealthMesh.IntegrationTests.Orchestrator;

/// <summary>
/// One process's worth of services on a test database: the real database, documents and orchestrator
/// registrations with MassTransit's in-memory test bus. Several hosts on one database act as several instances.
/// </summary>
public sealed class OrchestratorTestHost : IAsyncDisposable
{
    // Shared by every host of a test run, so documents written by one "instance" are readable by the next.
    private static readonly string DocumentKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly IHost host;

    private OrchestratorTestHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public ITestHarness Harness => host.Services.GetRequiredService<ITestHarness>();

    public static async Task<OrchestratorTestHost> StartAsync(TestDatabase database, Action<IBusRegistrationConfigurator> registerBus, bool orchestrator = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HealthMesh:Database:Provider"] = database.Provider.ToString(),
            ["HealthMesh:Database:ConnectionString"] = database.ConnectionString,
            ["HealthMesh:Documents:ActiveKeyId"] = "it",
            ["HealthMesh:Documents:EncryptionKeys:it"] = DocumentKey,
        });
        builder.AddDatabase();
        builder.AddClinicalDocuments();
        if (orchestrator)
        {
            builder.AddOrchestrator();
        }

        MessagingExtensions.MapCommandEndpoints();
        builder.Services.AddMassTransitTestHarness(registerBus);

        var host = builder.Build();

        // MassTransit keeps the log context of the last bus in an AsyncLocal; a host started after another was
        // disposed in the same test would otherwise log through the disposed host's logger factory.
        LogContext.ConfigureCurrentLogContext(host.Services.GetRequiredService<ILoggerFactory>());
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        await host.Services.GetRequiredService<ITestHarness>().Start();
        return new OrchestratorTestHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
